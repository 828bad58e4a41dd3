// Telling someone that a feed was stopped by a breaker, through the configured alerts (the same
// command / webhook the scheduled jobs use), and the log file.
import path from 'node:path';
import type { Workspace } from './workspace.js';
import { readScheduleSettings } from './schedule/config.js';
import { createLog } from './log.js';
import { alertSink } from './alerts.js';

export async function alertFeedStopped(ws: Workspace, feed: string, message: string, runId: number | null, now: Date): Promise<void> {
  const settings = readScheduleSettings(ws.config);
  const log = createLog({ file: path.resolve(ws.dir, settings.log.file), maxBytes: Math.round(settings.log.max_size_mb * 1024 * 1024), keep: settings.log.keep, level: settings.log.level, human: null });
  await alertSink(settings.alerts, ws.dir, log)({ condition: `breaker:${feed}`, kind: 'alert', message, job: feed, report: null, runId, time: now.toISOString() });
}
