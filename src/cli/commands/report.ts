import { writeFileSync } from 'node:fs';
import { Output, table, type GlobalOptions } from '../output.js';
import { openWorkspace } from '../../app/workspace.js';
import { lowStock } from '../../db/stock.js';
import { toCsv } from '../../report/csv.js';
import { jsonText } from '../json-formats.js';

export async function lowStockReport(_a: unknown[], o: { format: 'table' | 'json' | 'csv'; output?: string }, g: GlobalOptions): Promise<number> {
  const ws = await openWorkspace(g);
  try {
    const rows = lowStock(ws.db, ws.config.low_stock.default_reorder_point);
    const format = g.json ? 'json' : o.format;
    const headers = ['sku', 'title', 'total', 'reorder_point', 'reorder_qty'];
    const text = format === 'json' ? jsonText('report-low-stock', { products: rows })
      : format === 'csv' ? toCsv(headers, rows.map((r) => [r.sku, r.title, r.total, r.reorderPoint, r.reorderQty]))
        : rows.length === 0 ? 'No product is at or below its reorder point.'
          : table(headers, rows.map((r) => [r.sku, r.title, r.total, r.reorderPoint, r.reorderQty]));
    const out = new Output(g);
    if (o.output) {
      writeFileSync(o.output, text.endsWith('\n') ? text : text + '\n');
      out.info(`Wrote ${rows.length} low-stock row(s) to ${o.output}.`);
    } else {
      process.stdout.write(text.endsWith('\n') ? text : text + '\n');
    }
  } finally { ws.close(); }
  return 0;
}
export { lowStockReport as lowStock };
