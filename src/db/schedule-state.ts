// Journal queries for the scheduler and `omni status`: the newest run of a job, the newest run of
// a job with given statuses. Read-only; rows are written through db/runs.ts.
import type { Db } from './open.js';
import type { Run, RunStatus } from './runs.js';

interface RunRow {
  id: number; job: string; status: RunStatus; dry_run: number; started_at: string; finished_at: string | null;
  summary: string; error: string | null; report_path: string | null;
}

function toRun(r: RunRow | undefined): Run | undefined {
  return r && {
    id: r.id, job: r.job, status: r.status, dryRun: r.dry_run === 1, startedAt: r.started_at, finishedAt: r.finished_at,
    summary: r.summary, error: r.error, reportPath: r.report_path,
  };
}

/** The newest run of `job` (any status, or only the given ones); dry runs are not counted. */
export function latestRun(db: Db, job: string, statuses?: readonly RunStatus[]): Run | undefined {
  const filter = statuses?.length ? `AND status IN (${statuses.map(() => '?').join(', ')})` : '';
  return toRun(db.$client.prepare(`SELECT * FROM sync_runs WHERE job = ? AND dry_run = 0 ${filter} ORDER BY id DESC LIMIT 1`)
    .get(job, ...(statuses ?? [])) as RunRow | undefined);
}
