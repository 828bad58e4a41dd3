// What a finished job run says is wrong, as alert conditions: a channel that failed
// (`failed:CHANNEL`), a guard that refused a plan (`guard:CHANNEL`), or — when the command gives
// no per-channel detail — the job itself (`failed:JOB`). Pure.
import type { Raised } from './state.js';

/** The parts of a command's --json output the scheduler reads (the sync report's shape). */
export interface ChildReport {
  channels?: { channel: string; runId: number | null; status: string; error: string | null; guard: { ok: boolean; reasons: string[] } | null }[];
  files?: string[];
}

export function conditionsOf(r: { job: string; exitCode: number | null; error: string | null }, report: ChildReport | undefined, command: string): Raised[] {
  const found: Raised[] = [];
  for (const c of report?.channels ?? []) {
    if (c.status === 'failed') found.push({ condition: `failed:${c.channel}`, job: r.job, message: `${c.channel}: sync failed: ${firstLine(c.error) || 'no reason given'}` });
    if (c.status === 'refused') found.push({ condition: `guard:${c.channel}`, job: r.job, message: `${c.channel}: a guard refused the plan: ${c.guard?.reasons.join(' ') ?? ''} Nothing was pushed; check the report, then run \`omni sync --channel ${c.channel} --force\` if it is right.` });
  }
  if (found.length === 0 && r.exitCode !== 0 && r.exitCode !== 3) {
    found.push({ condition: `failed:${r.job}`, job: r.job, message: `job ${r.job} (omni ${command}) failed: ${firstLine(r.error) || `exit ${r.exitCode}`}` });
  }
  return found;
}

function firstLine(s: string | null | undefined): string {
  return (s ?? '').split('\n')[0]!.trim();
}
