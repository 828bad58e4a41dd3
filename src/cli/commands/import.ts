// `omni import supplier NAME [FILE|URL]`: thin — parse flags, run the import, print and write
// the report. Exit 0 ok, 2 bad rows (nothing written), 3 bad rows skipped (--skip-invalid).
import { localDir } from '../../db/master-locks.js';
import path from 'node:path';
import { Output, type GlobalOptions } from '../output.js';
import { openWorkspace } from '../../app/workspace.js';
import { asLocalRun } from '../../app/local-run.js';
import { alertFeedStopped } from '../../app/feed-alert.js';
import { ExitCode, usageError } from '../../core/errors.js';
import { parseFormats, timestampStem, writeReportFiles } from '../../report/write-files.js';
import { jsonText } from '../json-formats.js';

interface SupplierFlags { dryRun?: boolean; skipInvalid?: boolean; createNew?: boolean; report?: string; accept?: boolean }

export async function supplier(args: unknown[], opts: Record<string, unknown>, g: GlobalOptions): Promise<number> {
  const o = opts as SupplierFlags;
  const name = String(args[0] ?? '');
  const source = typeof args[1] === 'string' ? args[1] : undefined;
  const out = new Output(g);
  const formats = parseFormats(o.report, ['md', 'json']);
  const { importSupplier } = await import('../../app/supplier-import.js');
  const { importReportMarkdown, importReportCsv, importReportHtml } = await import('../../report/import-report.js');
  const ws = await openWorkspace(g, {
    write: true, command: `omni import supplier ${name}${o.dryRun ? ' --dry-run' : ''}`,
    onWait: (h) => out.info(`Waiting for another omni process (pid ${h.pid}, \`${h.command}\`)…`),
  });
  try {
    const now = new Date();
    const dir = path.resolve(ws.dir, ws.config.reports_dir);
    const stem = timestampStem(`import-${name}${o.dryRun ? '-dry-run' : ''}`, now);
    const progress = progressLine(g);
    const go = () => importSupplier({ db: ws.db, config: ws.config, configDir: ws.dir }, {
      supplier: name, source, cwd: process.cwd(), dryRun: o.dryRun, skipInvalid: o.skipInvalid, createNew: o.createNew,
      rejectsFile: path.join(dir, `${stem}-rejects.csv`), now, onProgress: progress?.update,
      accept: o.accept, quarantineDir: path.join(localDir(ws.dbFile, ws.dir), 'quarantine'),
    });
    let runId: number | null = null;
    // Journalled as a run, so `omni runs undo ID` can take the dropship counts back.
    const summary = await (o.dryRun ? go() : asLocalRun(ws.db, `import:${name}`, 'supplier-import', now, (run) => { runId = run.runId; return go(); }, (x) => ({
      status: x.status === 'invalid' ? 'failed' : x.status === 'partial' ? 'partial' : x.status === 'refused' ? 'refused' : 'ok',
      summary: { source: x.source, counts: x.counts, written: x.written, ...(x.breaker ? { breaker: x.breaker } : {}) },
      error: x.status === 'invalid' ? `${x.counts.rejected} bad row(s); nothing was imported`
        : x.status === 'refused' ? `stopped by a feed circuit breaker: ${x.breaker?.reasons.join('; ')}` : undefined,
    }))).finally(() => progress?.done());
    const files = writeReportFiles(dir, stem, {
      md: () => importReportMarkdown(summary, 1000), json: () => jsonText('import-supplier', summary),
      csv: () => importReportCsv(summary), html: () => importReportHtml(summary),
    }, formats);
    if (summary.status === 'invalid') {
      const shown = summary.problems.map((p) => p.text);
      if (summary.counts.rejected > shown.length) shown.push(`… and more: ${summary.counts.rejected} bad rows in all (see ${files[0] ?? 'the report'})`);
      throw usageError(`${summary.source}: ${summary.counts.rejected} bad row${summary.counts.rejected === 1 ? '' : 's'}; nothing was imported.`,
        'Fix the cells named above and import again, or pass --skip-invalid to import the good rows and get the bad ones in a rejects CSV.', shown);
    }
    if (summary.breaker) {
      const where = summary.breaker.quarantined ? `moved to ${summary.breaker.quarantined}` : 'left where it is';
      const lines = summary.breaker.reasons;
      if (summary.status === 'refused') {
        out.warn(`${summary.source} was not imported: a feed circuit breaker stopped it (file ${where}):`);
        await alertFeedStopped(ws, `supplier:${name}`, `${summary.source} not imported, ${where}: ${lines.join('; ')}`, runId, now);
      } else out.warn(`${summary.source}: a feed circuit breaker would stop this file:`);
      for (const l of lines) out.warn(`  - ${l}`);
      if (summary.status === 'refused') out.warn(`Look at the file; if it is right: \`omni import supplier ${name} ${summary.breaker.quarantined ?? summary.source} --accept\`.`);
    }
    out.result('import-supplier', { ...summary, files }, () => `${importReportMarkdown(summary)}\n\nReport: ${files.join(', ')}`);
    return summary.status === 'partial' || summary.status === 'refused' ? ExitCode.refused : ExitCode.ok;
  } finally { ws.close(); }
}

/** rows · rate · ETA on stderr, rewritten in place; only on a terminal (cron stays quiet). */
function progressLine(g: GlobalOptions): { update: (p: { rows: number; bytes: number; totalBytes: number }) => void; done: () => void } | undefined {
  const err = process.stderr;
  if (!err.isTTY || g.quiet || g.json) return undefined;
  const start = Date.now();
  let last = 0;
  let shown = false;
  return {
    update: ({ rows, bytes, totalBytes }) => {
      const t = Date.now();
      if (t - last < 200) return;
      last = t;
      const secs = (t - start) / 1000;
      const rate = rows / Math.max(secs, 0.001);
      const eta = bytes > 0 && totalBytes > bytes ? Math.round((secs * (totalBytes - bytes)) / bytes) : 0;
      err.write(`\r${rows.toLocaleString('en')} rows · ${Math.round(rate).toLocaleString('en')} rows/s · ETA ${eta} s   `);
      shown = true;
    },
    done: () => { if (shown) err.write('\r\u001b[K'); },
  };
}
