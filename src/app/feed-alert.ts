// Telling someone that a feed was stopped by a breaker, through the configured alerts (the same
// command / webhook the scheduled jobs use), and the log file.
import type { Workspace } from './workspace.js';
import { readScheduleSettings } from './schedule/config.js';
import { configuredLog } from './log.js';
import { alertSink } from './alerts.js';

export async function alertFeedStopped(ws: Workspace, feed: string, message: string, runId: number | null, now: Date): Promise<void> {
  const settings = readScheduleSettings(ws.config);
  const log = configuredLog(ws.dir, settings.log, { human: null });
  await alertSink(settings.alerts, ws.dir, log)({ condition: `breaker:${feed}`, kind: 'alert', message, job: feed, report: null, runId, time: now.toISOString() });
}
