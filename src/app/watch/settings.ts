// What omni watch runs with: the channels (from --channel/--all or `watch.channels`), each one's
// read interval (configured or from its documented limits, never under the floor) and the
// reconcile, ledger and back-off timings.
import type { Config } from '../../config/schema.js';
import { configFileName, configLine } from '../../config/load.js';
import { usageError } from '../../core/errors.js';
import { pollIntervalMs, readBudget } from '../../core/watch-timing.js';

export interface WatchChannel { name: string; type: string; intervalMs: number; reconcileMs: number }

export interface WatchSettings {
  channels: WatchChannel[];
  ledgerMs: number;
  maxBackoffMs: number;
}

export function watchSettings(config: Config, pick: { channels?: readonly string[] | undefined; all?: boolean | undefined }): WatchSettings {
  const w = config.watch;
  const enabled = Object.entries(config.channels).filter(([, c]) => c.enabled).map(([n]) => n);
  const names = pick.channels?.length ? [...pick.channels] : pick.all ? enabled : w?.channels ?? enabled;
  if (names.length === 0) throw usageError('No enabled channels to watch.', 'Add one under `channels:` in config.yaml (see config.example.yaml).');
  const unknown = names.filter((n) => !(n in config.channels));
  if (unknown.length > 0) {
    const where = !pick.channels?.length && !pick.all && w?.channels ? `${configLine(config, ['watch', 'channels'])}: ` : '';
    throw usageError(`${where}No channel named ${unknown.map((c) => `"${c}"`).join(', ')} in ${configFileName(config)}.`, `Channels: ${Object.keys(config.channels).join(', ') || '(none yet)'}.`);
  }
  for (const [name, seconds] of Object.entries(w?.interval_seconds ?? {})) {
    const type = config.channels[name]?.type;
    if (!type) throw usageError(`${configLine(config, ['watch', 'interval_seconds', name])}: watch.interval_seconds.${name}: no channel named "${name}".`);
    const b = readBudget(type);
    if (seconds < b.floorSeconds) {
      throw usageError(`${configLine(config, ['watch', 'interval_seconds', name])}: watch.interval_seconds.${name}: ${seconds} s is under ${type}'s floor of ${b.floorSeconds} s.`,
        `Reads that often would use up the API's limit: ${b.why}. Use ${b.floorSeconds} or more (default ${b.seconds}).`);
    }
  }
  const reconcileMs = (w?.reconcile_minutes ?? 60) * 60_000;
  return {
    channels: names.map((name) => {
      const type = config.channels[name]!.type;
      return { name, type, intervalMs: pollIntervalMs(type, w?.interval_seconds[name]), reconcileMs };
    }),
    ledgerMs: (w?.ledger_seconds ?? 2) * 1000,
    maxBackoffMs: (w?.max_backoff_seconds ?? 600) * 1000,
  };
}
