// Builds zip files byte by byte for workbook tests: real deflate, with the sizes the directory
// declares under the test's control (a lying header), and parts that inflate to far more than
// they weigh (a sync-flushed deflate segment repeated: 1 KB packed per 1 MB unpacked).
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface ZipPart {
  name: string;
  /** The content, or a huge one: `head`, then `chunk` repeated `times` (deflated once, the segment repeated). */
  data: string | Buffer | { head?: string; chunk: string; times: number };
  /** What the directory declares as the unpacked size (default: the true size). */
  declaredSize?: number;
}

export function buildZip(parts: readonly ZipPart[]): Buffer {
  const out: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    let packed: Buffer;
    let size: number;
    let crc: number;
    if (typeof p.data === 'object' && !Buffer.isBuffer(p.data)) {
      const chunk = Buffer.from(p.data.chunk, 'utf8');
      const head = Buffer.from(p.data.head ?? '', 'utf8');
      const flushed = (b: Buffer) => deflateRawSync(b, { finishFlush: constants.Z_SYNC_FLUSH });
      const segment = flushed(chunk);
      packed = Buffer.concat([flushed(head), ...Array(p.data.times).fill(segment), deflateRawSync(Buffer.alloc(0))]);
      size = head.length + chunk.length * p.data.times;
      crc = 0; // never checked before the size refuses it
    } else {
      const raw = Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data, 'utf8');
      packed = deflateRawSync(raw);
      size = raw.length;
      crc = crc32(raw);
    }
    const declared = p.declaredSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x0800, 6); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc >>> 0, 14); local.writeUInt32LE(packed.length, 18); local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0); dir.writeUInt16LE(20, 4); dir.writeUInt16LE(20, 6); dir.writeUInt16LE(0x0800, 8); dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(crc >>> 0, 16); dir.writeUInt32LE(packed.length, 20); dir.writeUInt32LE(declared, 24);
    dir.writeUInt16LE(name.length, 28); dir.writeUInt32LE(offset, 42);
    out.push(local, name, packed);
    central.push(dir, name);
    offset += local.length + name.length + packed.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(parts.length, 8); end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...out, cd, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** The parts every .xlsx has around its sheets: content types, relationships, workbook. */
export function xlsxParts(sheets: { name: string; xml: string | ZipPart['data']; declaredSize?: number }[], sharedStrings?: Pick<ZipPart, 'data' | 'declaredSize'>): ZipPart[] {
  const rels = sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')
    + (sharedStrings ? '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' : '');
  return [
    { name: '[Content_Types].xml', data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>' },
    { name: '_rels/.rels', data: '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>' },
    { name: 'xl/workbook.xml', data: `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}><sheets>${sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>` },
    { name: 'xl/_rels/workbook.xml.rels', data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>` },
    ...sheets.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: s.xml, declaredSize: s.declaredSize })),
    ...(sharedStrings ? [{ name: 'xl/sharedStrings.xml', ...sharedStrings }] : []),
  ];
}

export const sheetXml = (rows: string, dimension = '') => `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}>${dimension ? `<dimension ref="${dimension}"/>` : ''}<sheetData>${rows}</sheetData></worksheet>`;
export const sstXml = (items: string) => `<?xml version="1.0" encoding="UTF-8"?><sst ${NS}>${items}</sst>`;
