// Telling someone: on a failed run, a tripped guard or low stock, run the configured command and/or
// POST to the configured webhook. Deciding *whether* to tell (one alert per condition per
// interval) is schedule/state.ts; this file only delivers, and a delivery that fails is logged,
// never fatal: an alert must not break the job it reports on.
import { spawn } from 'node:child_process';
import { request } from 'undici';
import { redactor } from '../config/redact.js';
import type { AlertsConfig } from './schedule/config.js';
import type { Log } from './log.js';

export interface Alert {
  /** e.g. failed:shopify, guard:amazon, low-stock */
  condition: string;
  kind: 'alert' | 'recovered';
  message: string;
  job: string;
  /** Path of the run's report, when it wrote one. */
  report: string | null;
  runId: number | null;
  time: string;
}

export type AlertSink = (alert: Alert) => Promise<void>;

export function alertSink(cfg: AlertsConfig, cwd: string, log: Log): AlertSink {
  // The webhook URL often carries its token in the path: never print it.
  if (cfg.webhook) redactor.add(cfg.webhook);
  return async (alert) => {
    const fields = { job: alert.job, runId: alert.runId ?? undefined, condition: alert.condition };
    log.warn(`alert (${alert.kind}) ${alert.condition}: ${alert.message}`, fields);
    const tasks: Promise<void>[] = [];
    if (cfg.command) tasks.push(runCommand(cfg.command, alert, cwd).catch((e: Error) => log.error(`alert command failed: ${e.message}`, fields)));
    if (cfg.webhook) tasks.push(postWebhook(cfg.webhook, alert).catch((e: Error) => log.error(`alert webhook failed: ${redactor.redact(e.message)}`, fields)));
    if (tasks.length === 0) log.debug('no alerts.command or alerts.webhook configured: alert only logged', fields);
    await Promise.all(tasks);
  };
}

async function postWebhook(url: string, alert: Alert): Promise<void> {
  const res = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'omni-alerts' },
    body: redactor.redact(JSON.stringify(alert)),
    headersTimeout: 15_000, bodyTimeout: 15_000,
  });
  await res.body.dump();
  if (res.statusCode >= 300) throw new Error(`the webhook answered HTTP ${res.statusCode}`);
}

function runCommand(command: string, alert: Alert, cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, {
      shell: true, cwd, stdio: 'ignore',
      env: {
        ...process.env,
        OMNI_ALERT_CONDITION: alert.condition, OMNI_ALERT_KIND: alert.kind, OMNI_ALERT_MESSAGE: redactor.redact(alert.message),
        OMNI_ALERT_REPORT: alert.report ?? '', OMNI_ALERT_JOB: alert.job, OMNI_ALERT_RUN_ID: alert.runId === null ? '' : String(alert.runId),
      },
    });
    const timer = setTimeout(() => { child.kill('SIGTERM'); reject(new Error('timed out after 60 s')); }, 60_000);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('exit', (code) => { clearTimeout(timer); if (code === 0) resolve(); else reject(new Error(`exited ${code}`)); });
  });
}
