// A streaming XML tokenizer for the parts of a workbook, fed decoded text a chunk at a time.
// saxes (a conformant parser, kept as the tests' reference) spent about 5 s of a 13 s import of a
// 1M-row sheet in its per-character state machine; this scanner jumps from '<' to '>' with
// indexOf and slices names, values and text whole. It checks what makes a document well formed
// for a workbook's purposes — tags that nest and close, quoted and unique attributes, known
// entities and valid character references, one root, comments without "--", a well-formed XML
// declaration, no characters XML forbids — and refuses a DOCTYPE before anything in it is read
// (entity declarations are how XML is made to explode). It neither validates nor expands
// anything: there is nothing in a workbook part to expand.
// test/import/xml-scan.test.ts feeds it and saxes the same documents, cut at every position.

export interface XmlEvents {
  /** An element opens; `name` and the attributes' names as written (with any prefix). */
  open(name: string, attrs: Record<string, string>): void;
  close(name: string): void;
  /** Character data inside the root element (entities decoded, line ends normalised); may come in pieces. */
  text(text: string): void;
}

/** The document is not well-formed XML; the message says why. */
export class XmlSyntaxError extends Error {}

/** The document declares a DOCTYPE: refused before anything in it is read. */
export class DoctypeRefused extends XmlSyntaxError {}

// Characters XML 1.0 does not allow anywhere in a document, even as a reference.
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
// A name's first character, then the others (XML 1.0's NameStartChar and NameChar, by ranges).
const NAME = /^[A-Za-z_:\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\ud800-\udbff][\w.:\-\u00b7\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u037d\u037f-\u1fff\u200c\u200d\u203f\u2040\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\ud800-\udfff]*$/;
// Names seen valid, so a sheet's million <c> and <v> are checked once (bounded: a hostile part may invent names).
const KNOWN_NAMES_CAP = 512;
const MAX_UNFINISHED = 4 * 2 ** 20;
// The longest reference held back at a chunk's end ("&#x0010FFFF;" with room for leading zeros).
const MAX_REFERENCE = 64;

export class XmlScanner {
  private rest = '';
  private readonly stack: string[] = [];
  private rootSeen = false;
  /** Whether anything of the document was read (the XML declaration must come first). */
  private begun = false;
  private readonly names = new Set<string>();

  constructor(private readonly on: XmlEvents) {}

  /** Scans a chunk; what a later chunk may complete (a tag, a reference, a CR) waits for it. */
  write(chunk: string): void {
    if (FORBIDDEN.test(chunk)) throw new XmlSyntaxError('it contains a character XML does not allow');
    const s = this.rest.length > 0 ? this.rest + chunk : chunk;
    this.rest = s.slice(this.scan(s, false));
    // Unfinished markup is scanned again from its start with each chunk: bounded, so a hostile part
    // (one attribute a gigabyte long) costs a refusal, not quadratic time. Workbook tags are small.
    if (this.rest.length > MAX_UNFINISHED) throw new XmlSyntaxError(`it has a tag, comment or section longer than ${MAX_UNFINISHED / 2 ** 20} MB`);
  }

  /** The end of the document: anything still open or unfinished is an error. */
  close(): void {
    const s = this.rest;
    this.rest = '';
    this.scan(s, true);
    const open = this.stack[this.stack.length - 1];
    if (open !== undefined) throw new XmlSyntaxError(`<${open}> is never closed`);
    if (!this.rootSeen) throw new XmlSyntaxError('it has no root element');
  }

  /** Handles what is complete in `s`; returns where its unfinished tail starts (final: none may be left). */
  private scan(s: string, final: boolean): number {
    const n = s.length;
    let i = 0;
    while (i < n) {
      const lt = s.indexOf('<', i);
      if (lt !== i) {
        const end = lt >= 0 ? lt : final ? n : textEnd(s, i, n);
        if (end > i) { this.text(s, i, end); this.begun = true; }
        if (lt < 0) return end;
        i = lt;
      }
      const after = this.markup(s, i, final);
      if (after < 0) return i;
      this.begun = true;
      i = after;
    }
    return n;
  }

  /** The markup starting at s[i] ('<'): the index after it, or -1 when the chunk ends inside it. */
  private markup(s: string, i: number, final: boolean): number {
    const n = s.length;
    if (i + 1 >= n) return more(final);
    const c = s.charCodeAt(i + 1);
    if (c === 47 /* / */) {
      const gt = s.indexOf('>', i + 2);
      if (gt < 0) return more(final);
      let e = gt;
      while (e > i + 2 && isSpace(s.charCodeAt(e - 1))) e--;
      const top = this.stack.pop();
      // Compared in place: no string per closing tag.
      if (top === undefined || e - i - 2 !== top.length || !s.startsWith(top, i + 2)) {
        const name = s.slice(i + 2, e);
        throw new XmlSyntaxError(top === undefined ? `</${name}> closes nothing` : `</${name}> closes <${top}>`);
      }
      this.on.close(top);
      return gt + 1;
    }
    if (c === 63 /* ? */) {
      const e = s.indexOf('?>', i + 2);
      if (e < 0) return more(final);
      this.instruction(s.slice(i, e + 2));
      return e + 2;
    }
    if (c === 33 /* ! */) {
      if (s.startsWith('<!--', i)) {
        const e = s.indexOf('-->', i + 4);
        if (e < 0) return more(final);
        const dashes = s.indexOf('--', i + 4);
        if (dashes < e || s.charCodeAt(e - 1) === 45 && e > i + 4) throw new XmlSyntaxError('it has a comment with "--" inside');
        return e + 3;
      }
      if (s.startsWith('<![CDATA[', i)) {
        const e = s.indexOf(']]>', i + 9);
        if (e < 0) return more(final);
        if (this.stack.length === 0) throw new XmlSyntaxError('it has a CDATA section outside its root element');
        if (e > i + 9) this.on.text(newlines(s.slice(i + 9, e)));
        return e + 3;
      }
      if (s.startsWith('<!DOCTYPE', i)) {
        throw new DoctypeRefused('it declares a DOCTYPE');
      }
      const head = s.slice(i, i + 9);
      if (n - i < 9 && ['<!--', '<![CDATA[', '<!DOCTYPE'].some((d) => d.startsWith(head))) return more(final);
      throw new XmlSyntaxError(`it has an unknown declaration "${s.slice(i, i + 12)}"`);
    }
    return this.openTag(s, i, final);
  }

  private openTag(s: string, i: number, final: boolean): number {
    const n = s.length;
    let j = i + 1;
    let c = 0;
    while (j < n && !endsName(c = s.charCodeAt(j))) j++;
    if (j >= n) return more(final);
    const name = this.checkName(s.slice(i + 1, j));
    const attrs: Record<string, string> = {};
    let selfClosing = false;
    // c: the character at j, after the name or an attribute's value.
    for (;;) {
      if (c === 62 /* > */) { j++; break; }
      if (c === 47 /* / */) {
        if (j + 1 >= n) return more(final);
        if (s.charCodeAt(j + 1) !== 62) throw new XmlSyntaxError(`<${name}> has a "/" that does not end it`);
        j += 2;
        selfClosing = true;
        break;
      }
      if (!isSpace(c)) throw new XmlSyntaxError(`<${name}> has attributes without a space between them`);
      do j++; while (j < n && isSpace(c = s.charCodeAt(j)));
      if (j >= n) return more(final);
      if (c === 62 || c === 47) continue;
      const a = j;
      while (j < n && (c = s.charCodeAt(j)) !== 61 /* = */ && !endsName(c)) j++;
      if (j >= n) return more(final);
      const attr = this.checkName(s.slice(a, j));
      while (isSpace(c) && ++j < n) c = s.charCodeAt(j);
      if (j >= n) return more(final);
      if (c !== 61) throw new XmlSyntaxError(`<${name}>'s attribute ${attr} has no value`);
      do j++; while (j < n && isSpace(c = s.charCodeAt(j)));
      if (j >= n) return more(final);
      if (c !== 34 && c !== 39) throw new XmlSyntaxError(`<${name}>'s attribute ${attr} is not in quotes`);
      const close = s.indexOf(c === 34 ? '"' : "'", j + 1);
      if (close < 0) return more(final);
      let v = s.slice(j + 1, close);
      if (VALUE_SPECIAL.test(v)) v = attributeValue(v, name, attr);
      if (Object.hasOwn(attrs, attr)) throw new XmlSyntaxError(`<${name}> has the attribute ${attr} twice`);
      if (attr !== '__proto__') attrs[attr] = v;
      j = close + 1;
      if (j >= n) return more(final);
      c = s.charCodeAt(j);
    }
    if (this.stack.length === 0) {
      if (this.rootSeen) throw new XmlSyntaxError(`<${name}> is a second root element`);
      this.rootSeen = true;
    }
    this.on.open(name, attrs);
    if (selfClosing) this.on.close(name);
    else this.stack.push(name);
    return j;
  }

  /** A processing instruction: ignored, but its target must be a name, and `xml` only the declaration at the very start. */
  private instruction(pi: string): void {
    const target = /^<\?([^\s?]*)/.exec(pi)![1]!;
    if (target.toLowerCase() !== 'xml') { this.checkName(target); return; }
    if (this.begun) throw new XmlSyntaxError('its XML declaration is not at its very start');
    if (!XML_DECLARATION.test(pi)) throw new XmlSyntaxError(`its XML declaration "${pi.slice(0, 80)}" is not one`);
  }

  /** Character data from s[a] to s[b]: only white space outside the root element. */
  private text(s: string, a: number, b: number): void {
    if (this.stack.length === 0) {
      for (let k = a; k < b; k++) if (!isSpace(s.charCodeAt(k))) throw new XmlSyntaxError('it has text outside its root element');
      return;
    }
    const t = s.slice(a, b);
    this.on.text(TEXT_SPECIAL.test(t) ? decode(newlines(t)) : t);
  }

  private checkName(name: string): string {
    if (this.names.has(name)) return name;
    if (!NAME.test(name)) throw new XmlSyntaxError(name ? `"${name.slice(0, 40)}" is not a name` : 'it has a tag without a name');
    if (this.names.size < KNOWN_NAMES_CAP) this.names.add(name);
    return name;
  }
}

/** The chunk ends inside a markup: wait for the next one, unless there is none. */
function more(final: boolean): number {
  if (final) throw new XmlSyntaxError('it ends inside a tag');
  return -1;
}

const XML_DECLARATION = /^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(?:\s+encoding\s*=\s*(["'])[A-Za-z][\w.-]*\2)?(?:\s+standalone\s*=\s*(["'])(?:yes|no)\3)?\s*\?>$/;

// What makes a value or a text more than its characters: a reference, a line end to normalise, a "<" a value may not hold.
const VALUE_SPECIAL = /[<&\t\n\r]/;
const TEXT_SPECIAL = /[&\r]/;

function attributeValue(v: string, element: string, attr: string): string {
  if (v.includes('<')) throw new XmlSyntaxError(`<${element}>'s attribute ${attr} has a "<" in its value`);
  // Attribute-value normalisation: every literal line end, tab or newline reads as one space.
  const spaced = v.replace(/\r\n?|[\t\n]/g, ' ');
  return spaced.includes('&') ? decode(spaced) : spaced;
}

/** Where text that the chunk ends in may be cut: before a reference without its ';', or a CR whose LF may follow. */
function textEnd(s: string, from: number, n: number): number {
  const amp = s.lastIndexOf('&', n - 1);
  if (amp >= from && s.indexOf(';', amp) < 0) {
    if (n - amp > MAX_REFERENCE) throw new XmlSyntaxError('it has an "&" that starts no reference (write &amp;)');
    return amp;
  }
  return s.charCodeAt(n - 1) === 13 ? n - 1 : n;
}

/** XML's end-of-line handling: CR LF and a lone CR read as LF. */
function newlines(t: string): string {
  return t.includes('\r') ? t.replace(/\r\n?/g, '\n') : t;
}

function decode(t: string): string {
  let out = '';
  let last = 0;
  for (let amp = t.indexOf('&'); amp >= 0; amp = t.indexOf('&', last)) {
    const semi = t.indexOf(';', amp + 1);
    if (semi < 0) throw new XmlSyntaxError('it has an "&" that starts no reference (write &amp;)');
    out += t.slice(last, amp) + entity(t.slice(amp + 1, semi));
    last = semi + 1;
  }
  return out + t.slice(last);
}

function entity(ref: string): string {
  switch (ref) {
    case 'lt': return '<';
    case 'gt': return '>';
    case 'amp': return '&';
    case 'quot': return '"';
    case 'apos': return "'";
  }
  const m = /^#(?:x0*([0-9a-fA-F]{1,6})|0*([0-9]{1,7}))$/.exec(ref);
  const code = m ? (m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2])) : -1;
  if (code < 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw new XmlSyntaxError(`it has an unknown reference "&${ref.slice(0, 20)};"`);
  const ch = String.fromCodePoint(code);
  if (FORBIDDEN.test(ch)) throw new XmlSyntaxError(`it refers to a character XML does not allow (&${ref};)`);
  return ch;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

function endsName(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 62 /* > */ || c === 47 /* / */;
}
