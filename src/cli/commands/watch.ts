import type { GlobalOptions } from '../output.js';
import { openWorkspace } from '../../app/workspace.js';
import { usageError, ExitCode } from '../../core/errors.js';
import { watchSettings } from '../../app/watch/settings.js';
import { watchLoop } from '../../app/watch/loop.js';
import { watchExportFolders } from '../../app/watch/files.js';
import { realWatchClock } from '../../app/watch/clock.js';
import { readBudget } from '../../core/watch-timing.js';
import { takeWatchLock } from '../../app/watch/process-lock.js';
import { watchLog } from '../../app/watch/log.js';

interface WatchFlags { channel?: string[]; all?: boolean; once?: boolean }

/** SIGTERM ends the current push; a cycle that will not finish in time is left to the next start. */
const STOP_WITHIN_MS = 9_000;

export async function run(_a: unknown[], o: WatchFlags, g: GlobalOptions): Promise<number> {
  if (o.all && o.channel?.length) throw usageError('Use either --channel or --all, not both.');
  // Read-only here: each cycle takes the writer lock for its own length only.
  const ws = await openWorkspace(g);
  let watchLock;
  try { watchLock = takeWatchLock(ws); } catch (e) { ws.close(); throw e; }
  const stop = new AbortController();
  let log;
  try { log = watchLog(ws, g); } catch (e) { ws.close(); watchLock.release(); throw e; }
  const onSignal = (sig: string) => {
    if (stop.signal.aborted) return;
    log.info(`${sig}: finishing the current push, then stopping (the next start resumes from here)…`);
    stop.abort();
    setTimeout(() => { log.warn('Still busy after 9 s: stopping now. Nothing is lost: the next start converges.'); process.exit(ExitCode.failed); }, STOP_WITHIN_MS).unref();
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
  try {
    const settings = watchSettings(ws.config, { channels: o.channel, all: o.all });
    if (!o.once) {
      for (const c of settings.channels) log.info(`watch: ${c.name} read every ${c.intervalMs / 1000} s (${readBudget(c.type).why}); full reconcile every ${c.reconcileMs / 60_000} min`);
    }
    // --once: 1 when a channel failed, 3 when a push was refused or partly applied (as `omni sync`).
    let worst: number = ExitCode.ok;
    await watchLoop(ws, settings, {
      clock: realWatchClock, stop: stop.signal, log, once: o.once ?? false, lockTimeoutMs: ws.config.lock_timeout_seconds * 1000,
      watchFiles: watchExportFolders(ws.config, ws.dir, settings.channels.map((c) => c.name), log),
      onCycle: (channel, kind, r) => {
        if (!r.originOk || r.results.some((x) => x.status === 'failed')) worst = ExitCode.failed;
        else if (worst === ExitCode.ok && r.results.some((x) => x.status === 'partial' || x.status === 'refused')) worst = ExitCode.refused;
        if (r.pushed > 0 || kind === 'reconcile') {
          log.info(`${channel ?? 'ledger'}${kind === 'reconcile' ? ' (full reconcile)' : ''}: ${r.pushed} change(s) pushed${r.results.length ? ` on ${r.results.map((x) => `${x.channel} ${x.status}`).join(', ')}` : ''}`);
        }
      },
    });
    return o.once ? worst : ExitCode.ok;
  } finally { ws.close(); watchLock.release(); }
}
