// Data generator: a supplier price list as CSV with N rows in the shape real feeds have: sku,
// a long UTF-8 title (quotes, commas, umlauts, as wholesalers write them), cost, quantity and an
// EAN-13 barcode (unique, in no particular order: a catalog sorted by sku is not sorted by
// barcode). `changedShare` changes that share of rows (cost and quantity), for the
// re-import bench. Streams to disk, so any size fits in memory. Every bench that reads a feed
// (CSV, XLSX, --create-new) uses this shape, so their figures compare.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export const FEED_HEADER = 'sku,title,cost,quantity,ean';
export const FEED_COLUMNS = { sku: 'sku', title: 'title', cost: 'cost', quantity: 'quantity', barcode: 'ean' };

const NOUNS = ['Becher', 'Teekanne', 'Schüssel', 'Vase', 'Kerzenhalter', 'Geschirrtuch', 'Müslischale', 'Brotkorb'];
const MATERIALS = ['Steingut, handbemalt', 'Porzellan, spülmaschinenfest', 'Glas, mundgeblasen', 'Baumwolle, 100 % Bio'];
const COLOURS = ['Nachtblau', 'Salbeigrün', 'Sand', 'Terrakotta', 'Weiß', 'Anthrazit'];

/** EAN-13 with its check digit, from a 12-digit body. */
export function ean13(body) {
  const digits = String(body).padStart(12, '0');
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(digits[i]) * (i % 2 === 0 ? 1 : 3);
  return digits + ((10 - (sum % 10)) % 10);
}

/** Row i of the feed as its five values (the XLSX bench writes the same values). */
export function feedRow(i, changed = false) {
  const cost = 100 + ((i * 7919) % 20000) + (changed ? 11 : 0);
  const quantity = (i * 31) % 500 + (changed ? 1 : 0);
  const title = `${NOUNS[i % NOUNS.length]} "Classic" aus ${MATERIALS[i % MATERIALS.length]}, ${100 + (i % 900)} ml, Farbe ${COLOURS[i % COLOURS.length]}, ${1 + (i % 6)}er-Set – Art. ${i}`;
  return { sku: `SUP-${String(i).padStart(7, '0')}`, title, cost: (cost / 100).toFixed(2), quantity, ean: ean13(400000000000 + ((i * 7919 + 12345) % 10_000_000)) };
}

const quote = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export async function generateSupplierFeed(file, { rows, changedShare = 0 }) {
  const out = createWriteStream(file);
  const every = changedShare > 0 ? Math.round(1 / changedShare) : 0;
  let buf = FEED_HEADER + '\n';
  for (let i = 0; i < rows; i++) {
    const r = feedRow(i, every > 0 && i % every === 0);
    buf += `${r.sku},${quote(r.title)},${r.cost},${r.quantity},${r.ean}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}
