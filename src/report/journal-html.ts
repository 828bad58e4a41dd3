// The run journal as a self-contained HTML page: every sync and job with its outcome, times in the
// shop's zone (said once at the top).
import { escapeHtml as e, htmlPage, pageMeta } from './html.js';
import { formatInZone } from '../core/zone.js';
import type { RunJson } from './run-json.js';

export interface JournalReport { generatedAt: string; timezone: string; since: string | null; until: string | null; runs: RunJson[] }

export function renderJournalHtml(r: JournalReport): string {
  const at = (iso: string | null) => (iso ? formatInZone(new Date(iso), r.timezone) : '');
  const covers = r.since || r.until ? `runs ${r.since ? `from ${at(r.since)}` : ''}${r.until ? ` until ${at(r.until)}` : ''}` : `the last ${r.runs.length} run(s)`;
  const rows = r.runs.map((x) => `<tr class="${e(x.status)}"><td class="n">${x.id}</td><td>${e(x.job)}</td><td><span class="badge ${e(x.status)}">${e(x.status)}</span>${x.dryRun ? ' (dry run)' : ''}</td>`
    + `<td>${e(at(x.startedAt))}</td><td>${e(at(x.finishedAt))}</td><td>${e((x.error ?? '').split('\n')[0])}</td></tr>`).join('');
  return htmlPage('Run journal', [
    pageMeta(covers, r.generatedAt, r.timezone),
    r.runs.length === 0 ? '<p class="meta">No runs yet.</p>'
      : `<table id="runs"><thead><tr><th>run</th><th>job</th><th>status</th><th>started</th><th>finished</th><th>error</th></tr></thead><tbody>${rows}</tbody></table>`,
  ].join('\n'));
}
