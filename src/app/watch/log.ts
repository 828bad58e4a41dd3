// omni watch logs as the scheduled jobs do: JSON lines in the configured log file (`log:` in
// config.yaml; rotated, redacted), every line tagged `job: "watch"`, and the same lines as text on
// stderr, always (watch runs in the foreground or under systemd, whose journal reads stderr),
// unless --quiet.
import type { Workspace } from '../workspace.js';
import { configuredLog, type Log } from '../log.js';
import { readScheduleSettings } from '../schedule/config.js';

export function watchLog(ws: Workspace, g: { quiet?: boolean | undefined; verbose?: boolean | undefined }): Log {
  return configuredLog(ws.dir, readScheduleSettings(ws.config).log, { verbose: g.verbose, human: g.quiet ? null : process.stderr }).with({ job: 'watch' });
}
