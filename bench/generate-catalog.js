// Data generator for the catalog paths at full size: a products CSV (the supplier feed's items
// with a price), the stocktake of them at two locations, and a POS sales export (Square's
// "items" export) of as many sale lines, three lines per receipt. Streams to disk.
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
  await lines(`${dir}/pos-sales-${rows}.csv`, header, rows, (i) => {
    const r = feedRow((i * 7919) % rows);
    const receipt = Math.floor(i / 3);
    const day = 1 + (receipt % 28);
    const secs = receipt % 36000;
    const time = `${String(8 + Math.floor(secs / 3600)).padStart(2, '0')}:${String(Math.floor(secs / 60) % 60).padStart(2, '0')}:${String(secs % 60).padStart(2, '0')}`;
    const price = `€${(Number(r.cost) * 2.4).toFixed(2)}`;
    return `2026-06-${String(day).padStart(2, '0')},${time},Berlin,Home,${q(r.title)},1.0,Regular,${r.sku},,${price},€0.00,${price},€0.00,TX${String(receipt).padStart(12, '0')},PAY${receipt},Counter iPad,,,Payment,High Street,,,,,,1,${r.ean},Physical Good,€0.00,,,High Street,TOK${i},Visa,4242`;
  });
}
