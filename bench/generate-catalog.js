// Data generator for the catalog paths at full size: a products CSV (the supplier feed's items
// with a price), the stocktake of them at two locations, and a POS sales export (Square's
// "items" export) of as many sale lines, three lines per receipt, then a refund of every tenth
// receipt's first line at the end of the file: Square's refund rows reuse the sale's Transaction
// ID, and at the end they are the worst case for a reader that hands each order on once its
// receipt is complete. Streams to disk.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { feedRow } from './generate-supplier-feed.js';

async function lines(file, header, rows, line) {
  const out = createWriteStream(file);
  let buf = `${header}\n`;
  for (let i = 0; i < rows; i++) {
    buf += `${line(i)}\n`;
    if (buf.length > 1 << 20) { if (!out.write(buf)) await once(out, 'drain'); buf = ''; }
  }
  out.end(buf);
  await once(out, 'finish');
}

const q = (s) => `"${s.replace(/"/g, '""')}"`;

export async function generateCatalog(dir, rows) {
  await lines(`${dir}/products-${rows}.csv`, 'sku,title,price,cost,barcode', rows, (i) => {
    const r = feedRow(i);
    return `${r.sku},${q(r.title)},${(Number(r.cost) * 2.4).toFixed(2)},${r.cost},${r.ean}`;
  });
  await lines(`${dir}/stock-${rows}.csv`, 'sku,location,quantity', rows, (i) => `${feedRow(i >> 1).sku},${i % 2 ? 'store' : 'warehouse'},${(i * 31) % 500}`);
  const header = 'Date,Time,Time Zone,Category,Item,Qty,Price Point Name,SKU,Modifiers Applied,Gross Sales,Discounts,Net Sales,Tax,Transaction ID,Payment ID,Device Name,Notes,Details,Event Type,Location,Dining Option,Customer ID,Customer Name,Customer Reference ID,Unit,Count,GTIN,Itemization Type,Commission,Employee,Fulfillment Note,Channel,Token,Card Brand,PAN Suffix';
  const receipts = Math.ceil(rows / 3);
  const refunds = Math.ceil(receipts / 10);
  await lines(`${dir}/${posSalesFile(rows)}`, header, rows + refunds, (n) => {
    // lines past `rows` refund receipt 0, 10, 20, … (its first line, one unit), a month later
    const refund = n >= rows;
    const i = refund ? (n - rows) * 30 : n;
    const r = feedRow((i * 7919) % rows);
    const receipt = Math.floor(i / 3);
    const day = 1 + (receipt % 28);
    const secs = receipt % 36000;
    const time = `${String(8 + Math.floor(secs / 3600)).padStart(2, '0')}:${String(Math.floor(secs / 60) % 60).padStart(2, '0')}:${String(secs % 60).padStart(2, '0')}`;
    const price = `${refund ? '-' : ''}€${(Number(r.cost) * 2.4).toFixed(2)}`;
    return `2026-${refund ? '07' : '06'}-${String(day).padStart(2, '0')},${time},Berlin,Home,${q(r.title)},${refund ? '-1.0' : '1.0'},Regular,${r.sku},,${price},€0.00,${price},€0.00,TX${String(receipt).padStart(12, '0')},PAY${receipt},Counter iPad,,,${refund ? 'Refund' : 'Payment'},High Street,,,,,,1,${r.ean},Physical Good,€0.00,,,High Street,TOK${n},Visa,4242`;
  });
}

/** The POS export's name says what is in it: a cached file from before the refunds is not read as one with them. */
export const posSalesFile = (rows) => `pos-sales-refunds-${rows}.csv`;
