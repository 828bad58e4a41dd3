// The `schedules:`, `alerts:` and `log:` blocks of config.yaml. Each schema parses its own block;
// parsing an already-parsed block again gives the same value, so these work whether or not the
// main config schema has folded them in (readScheduleSettings reads them off the loaded config).
import { z } from 'zod';
import { CronError, parseCron, assertTimeZone } from './cron.js';
import { splitArgs } from './args.js';
import { usageError } from '../../core/errors.js';
import type { Config } from '../../config/schema.js';

const cron = z.string().min(1).superRefine((v, ctx) => {
  try { parseCron(v); } catch (e) { if (e instanceof CronError) ctx.addIssue({ code: 'custom', message: e.message }); else throw e; }
});

/** Global flags the scheduler sets itself, and commands that make no sense as a job. */
const FORBIDDEN = /^(--config|-c|--db|--json)(=|$)/;

const command = z.string().min(1).superRefine((v, ctx) => {
  let args: string[];
  try { args = splitArgs(v); } catch (e) { ctx.addIssue({ code: 'custom', message: (e as Error).message }); return; }
  if (args.length === 0) ctx.addIssue({ code: 'custom', message: 'name an omni command, e.g. "sync --all"' });
  else if (args[0] === 'omni') ctx.addIssue({ code: 'custom', message: 'leave out "omni": write "sync --all", not "omni sync --all"' });
  else if (['schedule', 'init', 'demo'].includes(args[0]!)) ctx.addIssue({ code: 'custom', message: `"${args[0]}" cannot run as a scheduled job` });
  const bad = args.find((a) => FORBIDDEN.test(a));
  if (bad) ctx.addIssue({ code: 'custom', message: `${bad} is set by the scheduler (it passes the same config and database to every job)` });
});

export const jobSchema = z.object({
  /** Cron expression, read in the config's `timezone`, e.g. "*\/15 * * * *". */
  cron,
  /** The omni command to run, without "omni": "sync --all", "report low-stock -o low.csv". */
  command,
  /** A run missed while omni was not running (machine off, service stopped): run once at start, or not. */
  missed: z.enum(['skip', 'catch-up']).default('skip'),
  /** On stop (SIGTERM), how long a running job may finish before it is sent SIGTERM itself. */
  grace_seconds: z.number().int().min(0).max(3600).default(120),
  enabled: z.boolean().default(true),
  description: z.string().optional(),
}).strict();

export const schedulesSchema = z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, - and _ (e.g. "sync-all")'), jobSchema).default({});

export const alertsSchema = z.object({
  /** A shell command run on an alert; it gets OMNI_ALERT_CONDITION, OMNI_ALERT_MESSAGE, OMNI_ALERT_REPORT, OMNI_ALERT_JOB. */
  command: z.string().min(1).optional(),
  /** POSTed JSON {condition, message, job, report, time}. May hold a token: write it as ${ALERT_WEBHOOK_URL}. */
  webhook: z.url({ protocol: /^https?$/ }).optional(),
  /** At most one alert per condition (e.g. failed:shopify) in this many minutes. */
  interval_minutes: z.number().min(0).max(7 * 24 * 60).default(60),
  /** Alert when products are at or below their reorder point (checked after each job). */
  low_stock: z.boolean().default(true),
  /** Send one "recovered" message when a condition clears. */
  recovered: z.boolean().default(true),
}).strict().default({ interval_minutes: 60, low_stock: true, recovered: true });

export const logSchema = z.object({
  /** JSON-lines log, relative to config.yaml. */
  file: z.string().min(1).default('logs/omni.log'),
  /** Rotate when the file reaches this size. */
  max_size_mb: z.number().min(0.001).max(1024).default(5),
  /** How many rotated files to keep (omni.log.1 … omni.log.N). */
  keep: z.number().int().min(1).max(50).default(3),
  level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
}).strict().default({ file: 'logs/omni.log', max_size_mb: 5, keep: 3, level: 'info' });

export type JobConfig = z.infer<typeof jobSchema>;
export type AlertsConfig = z.infer<typeof alertsSchema>;
export type LogConfig = z.infer<typeof logSchema>;

export interface ScheduleSettings {
  jobs: Record<string, JobConfig>;
  alerts: AlertsConfig;
  log: LogConfig;
  timezone: string;
}

/** The three blocks from a loaded config, checked; problems named by key path. */
export function readScheduleSettings(config: Config, overrides: { alerts?: unknown; log?: unknown } = {}): ScheduleSettings {
  const raw = config as Config & { alerts?: unknown; log?: unknown };
  const problems: string[] = [];
  const parse = <T>(key: string, schema: z.ZodType<T>, value: unknown): T | undefined => {
    const r = schema.safeParse(value);
    if (!r.success) for (const i of r.error.issues) problems.push(`${[key, ...i.path.map(String)].join('.')}: ${i.message}`);
    return r.success ? r.data : undefined;
  };
  const jobs = parse('schedules', schedulesSchema, config.schedules);
  const alerts = parse('alerts', alertsSchema, overrides.alerts ?? raw.alerts);
  const log = parse('log', logSchema, overrides.log ?? raw.log);
  try { assertTimeZone(config.timezone); } catch (e) { problems.push(`timezone: ${(e as Error).message}`); }
  if (problems.length > 0 || !jobs || !alerts || !log) {
    throw usageError(`config.yaml has ${problems.length} problem(s) in its schedules, alerts or log settings.`, 'Fix the keys named above; see `omni schedule --help`.', problems);
  }
  return { jobs, alerts, log, timezone: config.timezone };
}
