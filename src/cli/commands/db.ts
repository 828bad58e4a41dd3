import { Output, type GlobalOptions } from '../output.js';
import { copyMaster } from '../../app/db-copy.js';

export async function copy(_a: unknown[], o: { to: string }, g: GlobalOptions): Promise<number> {
  const out = new Output(g);
  const r = await copyMaster(g, o.to, (m) => out.info(m));
  out.result('db-copy', r, () => [
    `Copied ${r.rows} row(s) in ${r.tables.length} tables from ${r.from} to ${r.to}.`,
    'Checked: every table has the same number of rows, on-hand equals the ledger, the ledger sums agree.',
    `Next: point \`database:\` in config.yaml (or OMNI_DATABASE_URL) at ${r.to}, then \`omni doctor\`.`,
  ].join('\n'));
  return 0;
}
