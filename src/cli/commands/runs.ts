import { Output, table, type GlobalOptions } from '../output.js';
import { openWorkspace } from '../../app/workspace.js';
import { getRun, listRuns } from '../../db/runs.js';
import { usageError } from '../../core/errors.js';

export async function list(_a: unknown[], o: { limit?: string }, g: GlobalOptions): Promise<number> {
  const ws = await openWorkspace(g);
  try {
    const runs = listRuns(ws.db, Number(o.limit ?? 30));
    new Output(g).result(runs.map((r) => ({ ...r, summary: JSON.parse(r.summary) as unknown })), () => runs.length === 0 ? 'No runs yet. Try `omni sync --all --dry-run`.'
      : table(['id', 'job', 'status', 'started', 'finished', 'error'], runs.map((r) => [r.id, r.job, r.status, r.startedAt, r.finishedAt ?? '', (r.error ?? '').slice(0, 60)])));
  } finally { ws.close(); }
  return 0;
}

export async function show(args: unknown[], _o: unknown, g: GlobalOptions): Promise<number> {
  const id = Number(args[0]);
  if (!Number.isInteger(id)) throw usageError(`"${String(args[0])}" is not a run id.`, 'List runs with `omni runs`.');
  const ws = await openWorkspace(g);
  try {
    const r = getRun(ws.db, id);
    if (!r) throw usageError(`No run ${id}.`, 'List runs with `omni runs`.');
    new Output(g).result({ ...r, run: { ...r.run, summary: JSON.parse(r.run.summary) as unknown } }, () => [
      `run ${r.run.id}  ${r.run.job}  ${r.run.status}  ${r.run.startedAt} → ${r.run.finishedAt ?? '(not finished)'}`,
      r.run.error ? `error: ${r.run.error}` : '', r.run.reportPath ? `report: ${r.run.reportPath}` : '',
      r.changes.length ? table(['sku', 'change', 'before', 'after', 'outcome', 'message'], r.changes.map((c) => [c.sku, c.action, c.before, c.after, c.outcome, c.message])) : 'No changes.',
    ].filter(Boolean).join('\n'));
  } finally { ws.close(); }
  return 0;
}
