import { Output, table, type GlobalOptions } from '../output.js';
import { openWorkspace } from '../../app/workspace.js';
import { workspaceStatus, type Status } from '../../app/status.js';
import { localTime } from '../local-time.js';
import { hostname } from 'node:os';

export async function show(_a: unknown[], _o: unknown, g: GlobalOptions): Promise<number> {
  const ws = await openWorkspace(g);
  try {
    const st = workspaceStatus(ws, new Date());
    new Output(g).result('status', st, () => render(st, ws.config.timezone));
  } finally { ws.close(); }
  return 0;
}


export function render(st: Status, tz: string): string {
  const out: string[] = [];
  out.push(st.channels.length === 0 ? 'No channels in config.yaml.' : table(['channel', 'last ok sync', 'last failure', 'reason', 'to push', 'unmatched'],
    st.channels.map((c) => [
      c.enabled ? c.channel : `${c.channel} (disabled)`, localTime(c.lastOk, tz),
      c.lastFailure ? `${localTime(c.lastFailure.at, tz)} ${c.lastFailure.status}` : '-',
      (c.lastFailure?.error ?? '').split('\n')[0]!.slice(0, 70),
      c.drift ? (c.drift.total === 0 ? 'in step' : `${c.drift.total} (${c.drift.stock} stock, ${c.drift.price} price, ${c.drift.content} content)`) : `? ${c.driftError ?? ''}`,
      c.unmatched,
    ])));
  const unmatched = st.channels.filter((c) => c.unmatched > 0);
  if (unmatched.length) {
    out.push('', `Unmatched listings (not synced): ${unmatched.map((c) => `${c.unmatched} on ${c.channel}`).join(', ')}. See \`omni listings unmatched\`, map them with \`omni listings map\` or \`omni listings import\`.`);
  }
  out.push('', st.lowStock.count === 0 ? 'Low stock: none.' : `Low stock: ${st.lowStock.count} product(s) at or below their reorder point (${st.lowStock.skus.slice(0, 8).join(', ')}${st.lowStock.count > 8 ? ', …' : ''}). See \`omni report low-stock\`.`);
  if (st.jobs.length) {
    out.push('', table(['job', 'last run', 'result', 'error'], st.jobs.map((j) => [j.job, localTime(j.at, tz), j.status ?? '-', (j.error ?? '').split('\n')[0]!.slice(0, 70)])));
  }
  if (st.alerts.length) {
    out.push('', 'Open alerts:', ...st.alerts.map((a) => `  ${a.condition} since ${localTime(a.since, tz)}${a.host === hostname() ? '' : ` (on ${a.host})`}: ${a.message}`));
  }
  out.push('', ...renderWatch(st, tz));
  out.push('', `Times in ${tz}. History: \`omni runs\`.`);
  return out.join('\n');
}

function renderWatch(st: Status, tz: string): string[] {
  const w = st.watch;
  const head = w.running ? `Watch: running since ${localTime(w.since, tz)}.`
    : w.since ? `Watch: not running (last started ${localTime(w.since, tz)}).` : 'Watch: not running (`omni watch --all` keeps channels in step within seconds).';
  if (w.channels.length === 0) return [head];
  const ms = (n: number | null) => (n === null ? '-' : n < 10_000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n / 1000)} s`);
  return [head, table(['channel', 'last read', 'last push', 'latency p50/p95 (1 h)', 'rate limit used', 'last error'], w.channels.map((c) => [
    c.channel, localTime(c.lastRead, tz), localTime(c.lastPush, tz), `${ms(c.latencyP50Ms)} / ${ms(c.latencyP95Ms)}`,
    c.rateLimitShare === null ? 'no API limit' : `${Math.round(c.rateLimitShare * 100)}%`,
    c.lastError ? `${localTime(c.lastError.at, tz)} ${(c.lastError.message ?? '').slice(0, 50)}` : '-',
  ]))];
}
