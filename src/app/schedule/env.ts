// Everything a scheduled run needs, from the global flags: the workspace (opened for reading —
// the jobs take the writer lock themselves), the schedule settings, the log and the alert sink.
import path from 'node:path';
import { openWorkspace, type Workspace } from '../workspace.js';
import { packageRoot } from '../../package-root.js';
import { configuredLog, humanStream } from '../log.js';
import { alertSink } from '../alerts.js';
import { readScheduleSettings } from './config.js';
import type { JobEnv } from './job.js';
import type { GlobalOptions } from '../../cli/output.js';
import { isPostgresUrl } from '../../db/pg/url.js';

export interface ScheduleEnvOptions {
  /** Settings not (yet) in config.yaml, e.g. from a test. */
  overrides?: { alerts?: unknown; log?: unknown };
  bin?: string;
  now?: () => Date;
}

export async function openScheduleEnv(g: GlobalOptions, opts: ScheduleEnvOptions = {}): Promise<{ env: JobEnv; ws: Workspace }> {
  const ws = await openWorkspace(g);
  try {
    const settings = readScheduleSettings(ws.config, opts.overrides);
    const human = humanStream(g.quiet ?? false, g.verbose ?? false);
    const log = configuredLog(ws.dir, settings.log, { verbose: g.verbose, human });
    const override = g.db ?? process.env.OMNI_DB;
    const env: JobEnv = {
      configFile: ws.file, configDir: ws.dir, dbFile: ws.dbFile, dbOverride: override ? (isPostgresUrl(override) ? override : path.resolve(override)) : undefined, db: ws.db,
      settings, defaultReorderPoint: ws.config.low_stock.default_reorder_point,
      log, alert: alertSink(settings.alerts, ws.dir, log), bin: opts.bin ?? path.join(packageRoot(), 'bin', 'omni.js'), now: opts.now ?? (() => new Date()),
      // The human log lines already show a job's output on stderr; otherwise (--quiet, cron, no
      // terminal) a failed job's own error output is printed there once it ends.
      echo: human === process.stderr ? null : process.stderr,
    };
    return { env, ws };
  } catch (e) {
    ws.close();
    throw e;
  }
}
