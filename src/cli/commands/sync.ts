import { localDir } from '../../db/master-locks.js';
import path from 'node:path';
import { Output, type GlobalOptions } from '../output.js';
import { openWorkspace } from '../../app/workspace.js';
import { sync } from '../../app/sync.js';
import { buildSyncReport } from '../../report/sync-report.js';
import { syncReportCsv, syncReportHtml, syncReportMarkdown } from '../../report/render-sync.js';
import { parseFormats, timestampStem, writeReportFiles } from '../../report/write-files.js';
import { usageError, ExitCode } from '../../core/errors.js';
import { jsonText } from '../json-formats.js';
import { writeFileSync } from 'node:fs';
import { PLAN_FILE_KIND, savedChange, type PlanFingerprint } from '../../core/saved-plan.js';
import type { Plan } from '../../core/plan.js';

/** The plan file: what `omni apply` pushes, and the fingerprints that say whether it still holds. */
function planFile(plan: Plan, fingerprint: PlanFingerprint, currency: string, now: Date) {
  return { kind: PLAN_FILE_KIND, channel: plan.channel, createdAt: now.toISOString(), currency, fingerprint, summary: plan.summary, changes: plan.changes.map(savedChange) };
}

interface SyncFlags { channel?: string[]; all?: boolean; dryRun?: boolean; force?: boolean; report?: string; planOut?: string; accept?: boolean }

export async function run(_a: unknown[], o: SyncFlags, g: GlobalOptions): Promise<number> {
  const out = new Output(g);
  if (!o.all && !o.channel?.length) throw usageError('Name a channel (--channel shopify) or use --all.', 'See `omni sync --help`.');
  if (o.all && o.channel?.length) throw usageError('Use either --channel or --all, not both.');
  if (o.planOut !== undefined && (o.all || o.channel?.length !== 1)) throw usageError('--plan-out saves the plan of one channel: name it with --channel.', 'Example: `omni sync --channel shopify --plan-out plan.json`.');
  if (o.planOut !== undefined) o.dryRun = true; // a plan to review is never pushed
  const formats = parseFormats(o.report, ['md', 'json']);
  const ws = await openWorkspace(g, { write: true, command: `omni sync ${o.all ? '--all' : `--channel ${o.channel!.join(',')}`}${o.dryRun ? ' --dry-run' : ''}`, onWait: (h) => out.info(`Waiting for another omni process (pid ${h.pid}, \`${h.command}\`)…`),
    // On PostgreSQL a sync waits only for another sync of the same channel.
    scopes: (l) => (o.all ? Object.entries(l.config.channels).filter(([, c]) => c.enabled).map(([n]) => n) : o.channel!).map((c) => `channel:${c}`) });
  try {
    const channels = o.all ? Object.entries(ws.config.channels).filter(([, c]) => c.enabled).map(([n]) => n) : o.channel!;
    if (channels.length === 0) throw usageError('No enabled channels in config.yaml.', 'Add one under `channels:` (see config.example.yaml).');
    const unknown = channels.filter((c) => !(c in ws.config.channels));
    if (unknown.length > 0) {
      throw usageError(`No channel named ${unknown.map((c) => `"${c}"`).join(', ')} in the config.`, `Channels: ${Object.keys(ws.config.channels).join(', ') || '(none yet)'}.`);
    }
    const log = { info: (m: string) => out.info(m), debug: (m: string) => out.debug(m), warn: (m: string) => out.warn(m) };
    const results = await sync(ws, { channels, dryRun: o.dryRun ?? false, force: o.force ?? false, log, fingerprint: o.planOut !== undefined,
      accept: o.accept ?? false, quarantineDir: path.join(localDir(ws.dbFile, ws.dir), 'quarantine') });
    const now = new Date();
    if (o.planOut !== undefined) {
      const r = results[0];
      if (r?.plan && r.fingerprint && r.status === 'dry-run') {
        const file = path.resolve(o.planOut);
        writeFileSync(file, jsonText('plan', planFile(r.plan, r.fingerprint, ws.config.currency, now)));
        out.info(`Plan saved to ${file}: ${r.plan.changes.length} change(s). Review it, then \`omni apply ${o.planOut}\`.`);
      }
    }
    const report = buildSyncReport(results, o.dryRun ?? false, now, ws.config.currency);
    const files = writeReportFiles(path.resolve(ws.dir, ws.config.reports_dir), timestampStem(o.dryRun ? 'sync-dry-run' : 'sync', now), {
      md: () => syncReportMarkdown(report), json: () => jsonText('sync', report), csv: () => syncReportCsv(report), html: () => syncReportHtml(report),
    }, formats);
    out.result('sync', { ...report, files }, () => `${syncReportMarkdown(report)}\nReport: ${files.join(', ')}`);
    if (results.some((r) => r.status === 'failed')) return ExitCode.failed;
    if (results.some((r) => r.status === 'refused' || r.status === 'partial')) return ExitCode.refused;
    return ExitCode.ok;
  } finally { ws.close(); }
}
