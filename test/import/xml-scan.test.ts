// The workbook XML scanner against saxes, a conformant XML parser, as the reference: the same
// documents cut into chunks at random places (and at every place for small ones) must give the
// same elements, attributes and text; broken documents must be refused by both; and no mutation
// of a document may make the scanner throw anything but its own syntax error.
import { describe, expect, it } from 'vitest';
import { SaxesParser } from 'saxes';
import { XmlScanner, XmlSyntaxError } from '../../src/import/xml-scan.js';

type Event = ['open', string, Record<string, string>] | ['close', string] | ['text', string];

/** Events with adjacent text merged (both parsers may hand text on in pieces). */
function push(out: Event[], e: Event): void {
  const last = out[out.length - 1];
  if (e[0] === 'text' && last?.[0] === 'text') last[1] += e[1];
  else out.push(e);
}

function withScanner(chunks: string[]): Event[] {
  const out: Event[] = [];
  const s = new XmlScanner({
    open: (name, attrs) => push(out, ['open', name, { ...attrs }]),
    close: (name) => push(out, ['close', name]),
    text: (t) => push(out, ['text', t]),
  });
  for (const c of chunks) s.write(c);
  s.close();
  return out;
}

function withSaxes(doc: string): Event[] {
  const out: Event[] = [];
  let depth = 0;
  const p = new SaxesParser({ position: false, xmlns: false });
  p.on('opentag', (t) => { depth++; push(out, ['open', t.name, { ...(t.attributes as Record<string, string>) }]); });
  p.on('closetag', (t) => { depth--; push(out, ['close', t.name]); });
  // The scanner hands on no text outside the root element (only white space may be there).
  p.on('text', (t) => { if (depth > 0) push(out, ['text', t]); });
  p.on('cdata', (t) => { if (t) push(out, ['text', t]); });
  p.on('doctype', () => { throw new Error('doctype'); });
  p.write(doc).close();
  return out;
}

/** A small deterministic generator (mulberry32): the same documents on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['row', 'c', 'v', 'x:c', 't', 'si', 'is', 'sheetData', 'r', 'rPh', 'é-name', 'a.b_c'];
const ATTRS = ['r', 't', 's', 'spans', 'xml:space', 'r:id', 'ref', 'x'];
const PIECES = ['abc', ' ', '  ', 'Vase "Nordic"', 'groß', '–', '😀', '&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '&#10;', '&#x1F600;', '&#233;',
  '\r\n', '\n', '\r', '\t', '>', "'", '"', '12.50', ']'];

function text(rnd: () => number, inAttr: string | undefined): string {
  let s = '';
  for (let k = Math.floor(rnd() * 4); k > 0; k--) {
    const p = PIECES[Math.floor(rnd() * PIECES.length)]!;
    if (inAttr && p.includes(inAttr)) continue; // the value's own quote
    s += p;
  }
  return s;
}

function element(rnd: () => number, depth: number): string {
  const name = NAMES[Math.floor(rnd() * NAMES.length)]!;
  const used = new Set<string>();
  let tag = `<${name}`;
  for (let k = Math.floor(rnd() * 3); k > 0; k--) {
    const a = ATTRS[Math.floor(rnd() * ATTRS.length)]!;
    if (used.has(a)) continue;
    used.add(a);
    const q = rnd() < 0.7 ? '"' : "'";
    const ws = () => [' ', '\n', '\t', '  ', '\r\n'][Math.floor(rnd() * 5)]!;
    tag += `${ws()}${a}${rnd() < 0.2 ? ' = ' : '='}${q}${text(rnd, q)}${q}`;
  }
  if (rnd() < 0.2) return `${tag}${rnd() < 0.5 ? ' ' : ''}/>`;
  let body = '';
  for (let k = depth < 4 ? Math.floor(rnd() * 4) : 0; k > 0; k--) {
    const r = rnd();
    if (r < 0.45) body += element(rnd, depth + 1);
    else if (r < 0.8) body += text(rnd, undefined);
    else if (r < 0.87) body += `<![CDATA[${text(rnd, undefined).replace(/]/g, '')} <b>&amp;]]>`;
    else if (r < 0.94) body += '<!-- a comment <with> & things -->';
    else body += '<?pi some data?>';
  }
  return `${tag}>${body}</${name}${rnd() < 0.1 ? ' ' : ''}>`;
}

function documentOf(rnd: () => number): string {
  const decl = rnd() < 0.7 ? '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' : '';
  return `${decl}${rnd() < 0.2 ? '<!-- first -->\n' : ''}${element(rnd, 0)}${rnd() < 0.3 ? '\n  ' : ''}`;
}

/** Cut points chosen at random, never inside a surrogate pair (a TextDecoder never cuts one). */
function cut(doc: string, rnd: () => number, pieces: number): string[] {
  const at = new Set<number>();
  for (let k = 0; k < pieces; k++) at.add(Math.floor(rnd() * doc.length));
  const points = [...at].filter((p) => p > 0 && !(doc.charCodeAt(p) >= 0xdc00 && doc.charCodeAt(p) <= 0xdfff)).sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const p of points) { out.push(doc.slice(from, p)); from = p; }
  out.push(doc.slice(from));
  return out;
}

function refusal(f: () => unknown): unknown {
  try { f(); } catch (e) { return e; }
  return undefined;
}

describe('the workbook XML scanner', () => {
  it('reads 400 generated documents as saxes does, however they are cut into chunks', () => {
    const rnd = random(7);
    for (let d = 0; d < 400; d++) {
      const doc = documentOf(rnd);
      const want = withSaxes(doc);
      expect(withScanner([doc]), doc).toEqual(want);
      for (let k = 0; k < 3; k++) expect(withScanner(cut(doc, rnd, 1 + Math.floor(rnd() * 12))), doc).toEqual(want);
      if (doc.length < 120) {
        for (let p = 1; p < doc.length; p++) {
          if (doc.charCodeAt(p) >= 0xdc00 && doc.charCodeAt(p) <= 0xdfff) continue;
          expect(withScanner([doc.slice(0, p), doc.slice(p)]), `${doc} cut at ${p}`).toEqual(want);
        }
      }
    }
  });

  it('reads a sheet as Excel writes it, with prefixes, entities and a lone CR at a chunk\'s end', () => {
    const doc = '<?xml version="1.0"?>\r\n<x:worksheet xmlns:x="urn:x"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t xml:space="preserve">a &amp; b\r\nc</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>';
    const cr = doc.indexOf('\r\nc');
    expect(withScanner([doc.slice(0, cr + 1), doc.slice(cr + 1)])).toEqual(withSaxes(doc));
    expect(withScanner([doc]).filter((e) => e[0] === 'text')).toEqual([['text', 'a & b\nc']]);
    // Attribute names that are also names of an object's inherited properties are attributes like any other.
    const odd = '<a constructor="1" toString=\'2\' __defineGetter__="3"><b hasOwnProperty="4"/></a>';
    expect(withScanner([odd])).toEqual(withSaxes(odd));
  });

  it.each([
    ['a closing tag that does not match', '<a><b></a></b>'],
    ['an element never closed', '<a><b></b>'],
    ['a closing tag with nothing open', '<a></a></b>'],
    ['an attribute without quotes', '<a x=1></a>'],
    ['an attribute twice', '<a x="1" x="2"></a>'],
    ['attributes without a space', '<a x="1"y="2"></a>'],
    ['an attribute without a value', '<a x></a>'],
    ['an unknown entity', '<a>&nbsp;</a>'],
    ['an ampersand that starts nothing', '<a>fish & chips</a>'],
    ['a "<" in an attribute', '<a x="1<2"></a>'],
    ['text before the root', 'hello<a></a>'],
    ['text after the root', '<a></a>bye'],
    ['two roots', '<a></a><b></b>'],
    ['no root', '<?xml version="1.0"?><!-- nothing -->'],
    ['a reference to NUL', '<a>&#0;</a>'],
    ['a reference past Unicode', '<a>&#x110000;</a>'],
    ['a reference to a surrogate', '<a>&#xD800;</a>'],
    ['a control character', '<a>\u0001</a>'],
    ['a DOCTYPE', '<!DOCTYPE a [<!ENTITY b "bb">]><a>&b;</a>'],
    ['a name starting with a digit', '<1a></1a>'],
    ['a tag without a name', '< a></a>'],
    ['an end inside a tag', '<a><b x="1"'],
    ['an end inside a comment', '<a></a><!-- no end'],
    ['an unknown declaration', '<a><!ELEMENT a ANY></a>'],
    ['a "/" that does not end the tag', '<a / x="1"></a>'],
    ['a CDATA section outside the root', '<![CDATA[x]]><a></a>'],
  ])('refuses %s, as saxes does', (_why, doc) => {
    expect(refusal(() => withSaxes(doc)), 'saxes accepts it').toBeInstanceOf(Error);
    expect(refusal(() => withScanner([doc]))).toBeInstanceOf(XmlSyntaxError);
    // and in pieces
    expect(refusal(() => withScanner([...doc]))).toBeInstanceOf(XmlSyntaxError);
  });

  it('refuses markup too long to be a workbook\'s, and an "&" that never ends, without waiting for the end', () => {
    const chunks = (head: string, fill: string, count: number): string[] => [head, ...Array.from({ length: count }, () => fill)];
    // A 5 MB attribute value, in 64 KB chunks: refused at 4 MB (saxes would read it).
    let written = 0;
    const s = new XmlScanner({ open() {}, close() {}, text() {} });
    const e = refusal(() => { for (const c of chunks('<a x="', 'y'.repeat(65536), 80)) { s.write(c); written++; } });
    expect(e).toBeInstanceOf(XmlSyntaxError);
    expect((e as Error).message).toMatch(/longer than 4 MB/);
    expect(written).toBeLessThan(70);
    // An "&" followed by text with no ";": refused as soon as it is longer than any reference.
    const t = new XmlScanner({ open() {}, close() {}, text() {} });
    expect(refusal(() => { for (const c of chunks('<a>fish &', ' chips'.repeat(20), 10)) t.write(c); })).toBeInstanceOf(XmlSyntaxError);
    // Leading zeros are still a reference, cut anywhere.
    expect(withScanner(['<a>&#000', '0065;&#x0', '041;</a>'])).toEqual(withSaxes('<a>&#0000065;&#x0041;</a>'));
  });

  it('never throws anything but a syntax error on 3,000 damaged documents, and reads those saxes reads as saxes does', () => {
    const rnd = random(11);
    const marks = ['<', '>', '&', '"', "'", '/', '=', ';', '!', '?', ' ', '#', ':', ']', '-', '\u0000'];
    let refusedByBoth = 0;
    for (let d = 0; d < 3000; d++) {
      let doc = documentOf(rnd);
      for (let k = 1 + Math.floor(rnd() * 2); k > 0; k--) {
        const p = Math.floor(rnd() * doc.length);
        const r = rnd();
        const m = marks[Math.floor(rnd() * marks.length)]!;
        doc = r < 0.33 ? doc.slice(0, p) + doc.slice(p + 1) : r < 0.66 ? doc.slice(0, p) + m + doc.slice(p) : doc.slice(0, p) + m + doc.slice(p + 1);
      }
      if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(doc)) continue; // a broken pair is not text a decoder makes
      let want: Event[] | undefined;
      try { want = withSaxes(doc); } catch { want = undefined; }
      const chunks = cut(doc, rnd, 1 + Math.floor(rnd() * 6));
      let got: Event[] | undefined;
      const e = refusal(() => { got = withScanner(chunks); });
      if (e !== undefined) expect(e, doc).toBeInstanceOf(XmlSyntaxError);
      if (want) expect(got, doc).toEqual(want);
      else {
        refusedByBoth += got === undefined ? 1 : 0;
        expect(got, `saxes refuses it, the scanner reads it: ${JSON.stringify(doc)}`).toBeUndefined();
      }
    }
    expect(refusedByBoth).toBeGreaterThan(1000);
  });
});
