// `omni suppliers map SUPPLIER CODE SKU`.
import { Output, type GlobalOptions } from '../output.js';
import { openWorkspace } from '../../app/workspace.js';
import { mapCode } from '../../app/purchasing/map-code.js';

export async function map(args: unknown[], _o: unknown, g: GlobalOptions): Promise<number> {
  const [supplier, code, sku] = args.map(String) as [string, string, string];
  const ws = await openWorkspace(g, { write: true, command: `omni suppliers map ${supplier}` });
  try {
    const r = mapCode(ws.db, Object.keys(ws.config.suppliers ?? {}), supplier, code, sku);
    new Output(g).result('suppliers-map', r, () => r.outcome === 'unchanged' ? `${supplier}'s ${r.code} already means ${sku}; nothing changed.`
      : `${supplier}'s ${r.code} now means ${sku}${r.previous ? ` (it meant ${r.previous})` : ''}: deliveries, invoices and the next feed import read it so.`);
  } finally { ws.close(); }
  return 0;
}
