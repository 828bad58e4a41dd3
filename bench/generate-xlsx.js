// Data generator: the supplier feed of generate-supplier-feed.js as an .xlsx the way Excel writes
// one (every text, the EAN included, in the shared strings table; cost and quantity as numbers),
// streamed part by part into a zip with data descriptors, so a million rows need no memory.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { crc32, createDeflateRaw } from 'node:zlib';
import { feedRow } from './generate-supplier-feed.js';

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const col = ['A', 'B', 'C', 'D', 'E'];

/** Writes an .xlsx of `rows` feed rows (plus the header) to `file`. */
export async function generateXlsx(file, { rows }) {
  const out = createWriteStream(file);
  let offset = 0;
  const dir = [];
  const write = async (b) => { offset += b.length; if (!out.write(b)) await once(out, 'drain'); };

  async function part(name, produce) {
    const nameBuf = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x0808, 6); local.writeUInt16LE(8, 8);
    local.writeUInt16LE(nameBuf.length, 26);
    const start = offset;
    await write(local); await write(nameBuf);
    let crc = 0, size = 0, packed = 0;
    const z = createDeflateRaw({ level: 6 });
    z.on('data', (d) => { packed += d.length; offset += d.length; if (!out.write(d)) z.pause(); });
    out.on('drain', () => z.resume());
    const done = once(z, 'end');
    await produce(async (text) => {
      const b = Buffer.from(text);
      crc = crc32(b, crc); size += b.length;
      if (!z.write(b)) await once(z, 'drain');
    });
    z.end();
    await done;
    out.removeAllListeners('drain');
    const desc = Buffer.alloc(16);
    desc.writeUInt32LE(0x08074b50, 0); desc.writeUInt32LE(crc >>> 0, 4); desc.writeUInt32LE(packed, 8); desc.writeUInt32LE(size, 12);
    await write(desc);
    dir.push({ nameBuf, crc, packed, size, start });
  }

  const text = (s) => async (emit) => emit(s);
  await part('[Content_Types].xml', text('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'));
  await part('_rels/.rels', text('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'));
  await part('xl/workbook.xml', text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook ${NS}><sheets><sheet name="Preisliste" sheetId="1" r:id="rId1"/></sheets></workbook>`));
  await part('xl/_rels/workbook.xml.rels', text('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'));
  // Shared strings in order of first use, as Excel keeps them: the header's five, then sku, title
  // and EAN of each row.
  const header = ['sku', 'title', 'cost', 'quantity', 'ean'];
  await part('xl/sharedStrings.xml', async (emit) => {
    let buf = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst ${NS} count="${5 + rows * 3}" uniqueCount="${5 + rows * 3}">${header.map((h) => `<si><t>${h}</t></si>`).join('')}`;
    for (let i = 0; i < rows; i++) {
      const r = feedRow(i);
      buf += `<si><t>${r.sku}</t></si><si><t>${esc(r.title)}</t></si><si><t>${r.ean}</t></si>`;
      if (buf.length > 1 << 20) { await emit(buf); buf = ''; }
    }
    await emit(`${buf}</sst>`);
  });
  await part('xl/worksheets/sheet1.xml', async (emit) => {
    let buf = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ${NS}><dimension ref="A1:E${rows + 1}"/><sheetData><row r="1" spans="1:5">${header.map((_, c) => `<c r="${col[c]}1" t="s"><v>${c}</v></c>`).join('')}</row>`;
    for (let i = 0; i < rows; i++) {
      const r = feedRow(i);
      const n = i + 2;
      const s = 5 + i * 3;
      buf += `<row r="${n}" spans="1:5"><c r="A${n}" t="s"><v>${s}</v></c><c r="B${n}" t="s"><v>${s + 1}</v></c><c r="C${n}"><v>${r.cost}</v></c><c r="D${n}"><v>${r.quantity}</v></c><c r="E${n}" t="s"><v>${s + 2}</v></c></row>`;
      if (buf.length > 1 << 20) { await emit(buf); buf = ''; }
    }
    await emit(`${buf}</sheetData></worksheet>`);
  });

  const cdStart = offset;
  for (const e of dir) {
    const d = Buffer.alloc(46);
    d.writeUInt32LE(0x02014b50, 0); d.writeUInt16LE(20, 4); d.writeUInt16LE(20, 6); d.writeUInt16LE(0x0808, 8); d.writeUInt16LE(8, 10);
    d.writeUInt32LE(e.crc >>> 0, 16); d.writeUInt32LE(e.packed, 20); d.writeUInt32LE(e.size, 24); d.writeUInt16LE(e.nameBuf.length, 28); d.writeUInt32LE(e.start, 42);
    await write(d); await write(e.nameBuf);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(dir.length, 8); end.writeUInt16LE(dir.length, 10);
  end.writeUInt32LE(offset - cdStart, 12); end.writeUInt32LE(cdStart, 16);
  await write(end);
  out.end();
  await once(out, 'finish');
}

if (import.meta.url === `file://${process.argv[1]}`) await generateXlsx(process.argv[2], { rows: Number(process.argv[3] ?? 1000) });
