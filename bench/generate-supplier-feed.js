// Data generator: a supplier price list as CSV with N rows — realistic columns, quoted titles
// with commas and quotes, UTF-8 text. `changedShare` changes that share of rows (cost and
// stock), for the re-import bench. Streams to disk, so any size fits in memory.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export const FEED_HEADER = 'Item No,EAN,Description,Brand,Unit Cost,RRP,Stock,Pack Qty,MOQ,Lead Time (days)';
export const FEED_COLUMNS = {
  sku: 'Item No', barcode: 'EAN', title: 'Description', brand: 'Brand', cost: 'Unit Cost', price: 'RRP',
  quantity: 'Stock', pack_size: 'Pack Qty', min_order: 'MOQ', lead_time: 'Lead Time (days)',
};

const NOUNS = ['Becher', 'Teekanne', 'Schüssel', 'Vase', 'Kerzenhalter', 'Geschirrtuch', 'Müslischale', 'Brotkorb'];
const BRANDS = ['Acme', 'Großmann', 'Müller & Söhne', 'Nordlicht'];

export async function generateSupplierFeed(file, { rows, changedShare = 0 }) {
  const out = createWriteStream(file);
  const every = changedShare > 0 ? Math.round(1 / changedShare) : 0;
  let buf = FEED_HEADER + '\n';
  for (let i = 0; i < rows; i++) {
    const changed = every > 0 && i % every === 0;
    const cost = 100 + ((i * 7919) % 20000) + (changed ? 11 : 0);
    const stock = (i * 31) % 500 + (changed ? 1 : 0);
    const noun = NOUNS[i % NOUNS.length];
    const title = `"${noun} ""Classic"", ${100 + (i % 900)} ml, Farbe ${i % 12}"`;
    const ean = String(4000000000000 + i);
    buf += `SUP-${String(i).padStart(7, '0')},${ean},${title},${BRANDS[i % BRANDS.length]},${(cost / 100).toFixed(2)},${((cost * 2.4) / 100).toFixed(2)},${stock},${1 + (i % 12)},${1 + (i % 24)},${i % 15}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}
