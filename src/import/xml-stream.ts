// One XML part of a workbook, parsed as it is decompressed (xml-scan.ts: a streaming,
// non-validating tokenizer). Element names reach the handlers without their namespace prefix
// (`x:row` is `row`: some writers prefix every element). A DOCTYPE is refused: no part of a
// workbook has one, and entity declarations are how XML is made to explode.
import { DoctypeRefused, XmlScanner, XmlSyntaxError } from './xml-scan.js';
import { usageError } from '../core/errors.js';

export interface XmlHandlers {
  open(name: string, attrs: Record<string, string>): void;
  close(name: string): void;
  text(text: string): void;
}

export async function parseXml(chunks: AsyncIterable<Buffer>, display: string, part: string, h: XmlHandlers): Promise<void> {
  const fail = (why: string) => usageError(`${display} is not a readable workbook: ${part} ${why}.`, 'Open it in Excel or LibreOffice and save it again, or ask the supplier for a new copy.');
  // Errors from the handlers (a bad row, the database) pass through as they are; only the
  // scanner's own errors mean the XML is broken.
  const p = new XmlScanner({
    open: (name, attrs) => h.open(local(name), attrs),
    close: (name) => h.close(local(name)),
    text: h.text,
  });
  let decoder: TextDecoder | undefined;
  try {
    for await (const chunk of chunks) {
      decoder ??= new TextDecoder(chunk[0] === 0xff && chunk[1] === 0xfe ? 'utf-16le' : chunk[0] === 0xfe && chunk[1] === 0xff ? 'utf-16be' : 'utf-8');
      p.write(decoder.decode(chunk, { stream: true }));
    }
    if (decoder) p.write(decoder.decode());
    p.close();
  } catch (e) {
    if (e instanceof DoctypeRefused) throw fail('declares a DOCTYPE, which no workbook has');
    if (e instanceof XmlSyntaxError) throw fail(`is not well-formed XML (${e.message})`);
    throw e;
  }
}

function local(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** An attribute by its local name (`r:id` is `id`), for attributes whose prefix varies. */
export function attr(attrs: Record<string, string>, localName: string): string | undefined {
  const plain = attrs[localName];
  if (plain !== undefined) return plain;
  for (const k in attrs) if (k.endsWith(`:${localName}`)) return attrs[k];
  return undefined;
}
