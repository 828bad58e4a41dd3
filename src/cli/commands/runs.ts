import { Output, table, type GlobalOptions } from '../output.js';
import { openWorkspace } from '../../app/workspace.js';
import { getRun, listRuns } from '../../db/runs.js';
import { usageError } from '../../core/errors.js';
import { changeValueText } from '../../report/sync-report.js';
import { runJson, changeJson } from '../../report/run-json.js';
import { localTime } from '../local-time.js';

export async function list(_a: unknown[], o: { limit?: string }, g: GlobalOptions): Promise<number> {
  const ws = await openWorkspace(g);
  try {
    const runs = listRuns(ws.db, Number(o.limit ?? 30));
    const tz = ws.config.timezone;
    new Output(g).result('runs', { runs: runs.map(runJson) }, () => runs.length === 0 ? 'No runs yet. Try `omni sync --all --dry-run`.'
      : table(['id', 'job', 'status', 'started', 'finished', 'error'], runs.map((r) => [r.id, r.job, r.status, localTime(r.startedAt, tz), localTime(r.finishedAt, tz, ''), (r.error ?? '').split('\n')[0]!.slice(0, 60)]))
        + `\n\nTimes in ${tz}. Every change of a run: \`omni runs show ID\`.`);
  } finally { ws.close(); }
  return 0;
}

export async function show(args: unknown[], _o: unknown, g: GlobalOptions): Promise<number> {
  const id = Number(args[0]);
  if (!Number.isInteger(id)) throw usageError(`"${String(args[0])}" is not a run id.`, 'List runs with `omni runs`.');
  const ws = await openWorkspace(g);
  try {
    const r = getRun(ws.db, id);
    const tz = ws.config.timezone;
    if (!r) throw usageError(`No run ${id}.`, 'List runs with `omni runs`.');
    new Output(g).result('runs-show', { run: runJson(r.run), changes: r.changes.map(changeJson) }, () => [
      `run ${r.run.id}  ${r.run.job}  ${r.run.status}  ${localTime(r.run.startedAt, tz)} → ${localTime(r.run.finishedAt, tz, '(not finished)')} (${tz})`,
      r.run.error ? `error: ${r.run.error}` : '', r.run.reportPath ? `report: ${r.run.reportPath}` : '',
      r.changes.length ? table(['sku', 'change', 'before', 'after', 'outcome', 'message'], r.changes.map((c) => [c.sku, c.action, changeValueText(c.action, c.before), changeValueText(c.action, c.after), c.outcome, c.message])) : 'No changes.',
      r.changes.some((c) => c.outcome === 'accepted') ? '\naccepted: the channel took the change and applies it later; the next sync checks that it landed (then it reads applied or failed).' : '',
    ].filter(Boolean).join('\n'));
  } finally { ws.close(); }
  return 0;
}

export async function undo(args: unknown[], o: { dryRun?: boolean }, g: GlobalOptions): Promise<number> {
  const id = Number(args[0]);
  if (!Number.isInteger(id) || id <= 0) throw usageError(`"${String(args[0])}" is not a run id.`, 'List runs with `omni runs`.');
  const ws = await openWorkspace(g, { write: true, command: `omni runs undo ${id}` });
  try {
    const { undoRun, undoExitCode } = await import('../../app/undo.js');
    const s = undoRun(ws, id, { dryRun: o.dryRun ?? false });
    const c = s.counts;
    new Output(g).result('runs-undo', s, () => [
      `${s.dryRun ? 'Dry run (nothing booked): would undo' : 'Undid'} run ${s.runId} (${s.job})${s.undoRunId !== null ? ` as run ${s.undoRunId}` : ''}: `
        + `${c.reversed} movement(s) reversed${c.alreadyUndone ? `, ${c.alreadyUndone} already undone before` : ''}`
        + `${c.productsRestored ? `, ${c.productsRestored} product(s) put back` : ''}.`,
      s.reversed.length ? table(['sku', 'location', 'change'], s.reversed.map((r) => [r.sku, r.location, r.delta > 0 ? `+${r.delta}` : String(r.delta)])) : '',
      s.cannotUndo.length ? `Not undone:\n${s.cannotUndo.map((x) => `  - ${x.why}`).join('\n')}` : '',
    ].filter(Boolean).join('\n'));
    return undoExitCode(s);
  } finally { ws.close(); }
}
