import path from 'node:path';
import { readFileSync } from 'node:fs';
import { Output, type GlobalOptions } from '../output.js';
import { openWorkspace } from '../../app/workspace.js';
import { sync } from '../../app/sync.js';
import { buildSyncReport } from '../../report/sync-report.js';
import { syncReportMarkdown } from '../../report/render-sync.js';
import { parseFormats, timestampStem, writeReportFiles } from '../../report/write-files.js';
import { syncReportCsv, syncReportHtml } from '../../report/render-sync.js';
import { parseSavedPlan } from '../../core/saved-plan.js';
import { usageError, ExitCode } from '../../core/errors.js';
import { jsonText } from '../json-formats.js';

/** `omni apply FILE`: push a saved plan exactly, or refuse it when the master or the channel moved since. */
export async function run(args: unknown[], o: { force?: boolean; report?: string }, g: GlobalOptions): Promise<number> {
  const out = new Output(g);
  const file = path.resolve(String(args[0]));
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch { throw usageError(`Cannot read the plan file ${file}.`, 'Check the path; write a plan with `omni sync --channel NAME --plan-out plan.json`.'); }
  const plan = parseSavedPlan(text, file);
  const formats = parseFormats(o.report, ['md', 'json']);
  const ws = await openWorkspace(g, { write: true, command: `omni apply ${path.basename(file)}`, onWait: (h) => out.info(`Waiting for another omni process (pid ${h.pid}, \`${h.command}\`)…`) });
  try {
    if (!(plan.channel in ws.config.channels)) {
      throw usageError(`${file} is a plan for channel "${plan.channel}", which is not in the config.`, `Channels: ${Object.keys(ws.config.channels).join(', ') || '(none yet)'}.`);
    }
    const log = { info: (m: string) => out.info(m), debug: (m: string) => out.debug(m), warn: (m: string) => out.warn(m) };
    const results = await sync(ws, { channels: [plan.channel], dryRun: false, force: o.force ?? false, log, expected: plan });
    const now = new Date();
    const report = buildSyncReport(results, false, now, ws.config.currency);
    const files = writeReportFiles(path.resolve(ws.dir, ws.config.reports_dir), timestampStem('apply', now), {
      md: () => syncReportMarkdown(report), json: () => jsonText('sync', report), csv: () => syncReportCsv(report), html: () => syncReportHtml(report),
    }, formats);
    const stale = results.flatMap((r) => r.stale ?? []);
    if (stale.length) {
      out.warn(`The plan in ${path.basename(file)} is stale; nothing was sent:`);
      for (const s of stale) out.warn(`  - ${s}`);
      out.warn('Make a new plan (`omni sync --channel ' + plan.channel + ' --plan-out ' + path.basename(file) + '`), review it, and apply that.');
    }
    out.result('sync', { ...report, files }, () => `${syncReportMarkdown(report)}\nReport: ${files.join(', ')}`);
    if (results.some((r) => r.status === 'failed')) return ExitCode.failed;
    if (results.some((r) => r.status === 'refused' || r.status === 'partial')) return ExitCode.refused;
    return ExitCode.ok;
  } finally { ws.close(); }
}
