import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvSplitter, CsvSyntaxError, type CsvLimits } from '../../src/import/csv-split.js';
import { detectDelimiter, decodeWindows1252, Utf8Check } from '../../src/import/detect.js';

function split(text: string | string[], d = ',', limits?: CsvLimits): [number, string[]][] {
  const out: [number, string[]][] = [];
  const s = new CsvSplitter(d, (cells, row) => out.push([row, cells]), limits);
  for (const chunk of Array.isArray(text) ? text : [text]) s.push(chunk);
  s.end();
  return out;
}

describe('CsvSplitter', () => {
  it('splits plain, quoted, CRLF and multi-line records, numbering rows like a spreadsheet', () => {
    expect(split('a,b\r\n"x, ""y""",2\n\n"multi\nline",3\nlast,4')).toEqual([
      [1, ['a', 'b']], [2, ['x, "y"', '2']], [4, ['multi\nline', '3']], [5, ['last', '4']],
    ]);
  });
  it("hands on a record's own text when it lies whole in one chunk (without its line end), and none when it runs across chunks", () => {
    const out: [number, string | undefined][] = [];
    const s = new CsvSplitter(',', (_cells, row, text) => out.push([row, text]));
    s.push('a,b\r\n"x, ""y""",2\r\nplain,');
    s.push('cut\n"q",1\n');
    s.end();
    expect(out).toEqual([[1, 'a,b'], [2, '"x, ""y""",2'], [3, undefined], [4, '"q",1']]);
  });
  it('gives, for any cut into chunks, each record either its own text or none', () => {
    const text = 'sku;title\r\nA-1;"Mug ""Classic""; 300 ml"\r\nA-2;"two\r\nlines"\r\nA-3;plain\r\n';
    const lines = ['sku;title', 'A-1;"Mug ""Classic""; 300 ml"', 'A-2;"two\r\nlines"', 'A-3;plain'];
    fc.assert(fc.property(fc.array(fc.nat(text.length), { maxLength: 6 }), (cuts) => {
      const points = [...new Set(cuts)].sort((a, b) => a - b);
      const got: (string | undefined)[] = [];
      const s = new CsvSplitter(';', (_cells, row, t) => { got[row - 1] = t; });
      [0, ...points].forEach((p, i) => s.push(text.slice(p, points[i] ?? text.length)));
      s.end();
      expect(got).toHaveLength(4);
      got.forEach((t, i) => { if (t !== undefined) expect(t).toBe(lines[i]); });
    }));
  });
  it('keeps stray quotes inside unquoted cells and empty cells', () => {
    expect(split('12" screen,,x\n"a"b,c\n')).toEqual([[1, ['12" screen', '', 'x']], [2, ['ab', 'c']]]);
  });
  it('gives the same records however the text is cut into chunks', () => {
    const text = 'sku;title;cost\r\nA-1;"Mug ""Classic""; 300 ml";3,10\r\nA-2;"two\r\nlines";1\r\nA-3;plain;2\r\n';
    const whole = split(text, ';');
    fc.assert(fc.property(fc.array(fc.nat(text.length), { maxLength: 8 }), (cuts) => {
      const points = [...new Set(cuts)].sort((a, b) => a - b);
      const chunks = [0, ...points].map((p, i) => text.slice(p, points[i] ?? text.length));
      expect(split(chunks, ';')).toEqual(whole);
    }));
  });
  it('reports an unclosed quote with its row', () => {
    expect(() => split('a,b\n"open,1\n')).toThrow(CsvSyntaxError);
  });
  it('gives the same records (or the same error) however any text is cut, CRs, quotes and blanks included', () => {
    const text = fc.array(fc.constantFrom('a', 'b', ',', '"', '""', '\n', '\r', '\r\n', ' ', ''), { maxLength: 40 }).map((a) => a.join(''));
    fc.assert(fc.property(text, fc.array(fc.nat(60), { maxLength: 6 }), (t, cuts) => {
      const points = [...new Set(cuts.map((c) => c % (t.length + 1)))].sort((a, b) => a - b);
      const chunks = [0, ...points].map((p, i) => t.slice(p, points[i] ?? t.length));
      const run = (x: string | string[]) => { try { return split(x); } catch (e) { return (e as CsvSyntaxError).row; } };
      expect(run(chunks)).toEqual(run(t));
    }), { numRuns: 2000 });
  });
});

describe('CsvSplitter limits', () => {
  const limits: CsvLimits = { maxField: 10, maxRecord: 30 };
  const failure = (text: string | string[]) => {
    try { split(text, ',', limits); } catch (e) { return e as CsvSyntaxError; }
    throw new Error('no error');
  };
  it('refuses a cell longer than the cap with its row and column, quoted or not, in one chunk or many', () => {
    for (const text of ['a,b\nok,0123456789X\n', ['a,b\nok,01234', '56789X\n'], 'a,b\nok,"0123456789X"\n']) {
      const e = failure(text);
      expect([e.row, e.column]).toEqual([2, 2]);
      expect(e.message).toMatch(/(longer|more) than 10 characters/);
    }
    expect(split('a,b\nok,0123456789\n', ',', limits)).toEqual([[1, ['a', 'b']], [2, ['ok', '0123456789']]]);
  });
  it('refuses a record longer than the cap', () => {
    expect(failure('a,b\n' + 'x,'.repeat(20) + '\n').row).toBe(2);
    expect(failure(['a,b\n', ...Array.from({ length: 20 }, () => 'x,')]).row).toBe(2);
  });
  it('refuses an unclosed quote while reading, not at the end of a huge file', () => {
    const s = new CsvSplitter(',', () => {}, limits);
    s.push('a,b\n"open');
    let e: CsvSyntaxError | undefined;
    try { for (let i = 0; i < 100; i++) s.push('more text\n'); } catch (x) { e = x as CsvSyntaxError; }
    expect(e?.message).toContain('a closing " is probably missing');
    expect(e?.row).toBe(2);
  });
});

describe('detection', () => {
  it('finds the delimiter used consistently', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n')).toBe(',');
    expect(detectDelimiter('Art.-Nr.;EK netto;Bezeichnung\nA;12,50;"x, y"\n')).toBe(';');
    expect(detectDelimiter('a\tb\n1\t2\n')).toBe('\t');
    expect(detectDelimiter('a|b|c\n1|2,5|3\n')).toBe('|');
  });
  it('decodes windows-1252 including the 0x80–0x9F range (€, „, “)', () => {
    expect(decodeWindows1252(Buffer.from([0x4b, 0xfc, 0x68, 0x6c, 0x20, 0x80, 0x20, 0x84, 0x93]))).toBe('Kühl € „“');
  });
  it('checks UTF-8 across chunk boundaries', () => {
    const bytes = Buffer.from('Kühlschrank — größer', 'utf8');
    for (let cut = 0; cut <= bytes.length; cut++) {
      const c = new Utf8Check();
      c.push(bytes.subarray(0, cut)); c.push(bytes.subarray(cut));
      expect(c.end()).toBe(true);
    }
    const bad = new Utf8Check();
    bad.push(Buffer.from([0x4b, 0xfc, 0x68]));
    expect(bad.end()).toBe(false);
  });
});

describe('numbers the supplier way', async () => {
  const { parseAmount, parseWhole } = await import('../../src/import/mapping.js');
  it('reads prices and whole numbers', () => {
    const dot = { decimalComma: false };
    const comma = { decimalComma: true, thousands: '.' };
    expect(['12.50', '12.5', '-3.50', '7', '0.99', '1.006', '€ 4.20'].map((v) => parseAmount(v, dot))).toEqual([1250, 1250, -350, 700, 99, 101, 420]);
    expect(['12,50', '1.234,50', '-0,5'].map((v) => parseAmount(v, comma))).toEqual([1250, 123450, -50]);
    expect(parseAmount(12.5, dot)).toBe(1250);
    expect(parseAmount('12,50', dot)).toMatch(/has a comma/);
    expect(['5', '5.000', '-2', ' 7 '].map((v) => parseWhole(v, dot))).toEqual([5, 5, -2, 7]);
    expect(parseWhole('2.5', dot)).toBe('"2.5" is not a whole number');
  });
});
