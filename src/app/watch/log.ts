// omni watch logs as the scheduled jobs do: JSON lines in the configured log file (`log:` in
// config.yaml; rotated, redacted), every line tagged `job: "watch"`, and the same lines as text on
// stderr, always (watch runs in the foreground or under systemd, whose journal reads stderr),
// unless --quiet.
import path from 'node:path';
import type { Workspace } from '../workspace.js';
import { createLog, type Log } from '../log.js';
import { readScheduleSettings } from '../schedule/config.js';

export function watchLog(ws: Workspace, g: { quiet?: boolean | undefined; verbose?: boolean | undefined }): Log {
  const { log } = readScheduleSettings(ws.config);
  return createLog({
    file: path.resolve(ws.dir, log.file), maxBytes: Math.round(log.max_size_mb * 1024 * 1024), keep: log.keep,
    level: g.verbose ? 'debug' : log.level, human: g.quiet ? null : process.stderr,
  }).with({ job: 'watch' });
}
