// From the outcomes of one run's changes to the run's status, which the exit code follows.
// Pure. `accepted` counts as landed (the channel took it; a later run confirms it), `skipped` as
// neither, and a run is `partial` (exit 3) only when some changes landed and some did not:
// a run where nothing landed (a FATAL feed, every call answered 503) is `failed` (exit 1).
import type { Outcome } from './connector.js';

const LANDED: readonly Outcome[] = ['applied', 'accepted'];
const MISSED: readonly Outcome[] = ['failed', 'stale'];

export type PushStatus = 'ok' | 'partial' | 'failed';

export function countOutcomes(outcomes: readonly { outcome: Outcome }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[o.outcome] = (counts[o.outcome] ?? 0) + 1;
  return counts;
}

export function pushStatus(counts: Readonly<Record<string, number>>): PushStatus {
  const landed = LANDED.reduce((n, k) => n + (counts[k] ?? 0), 0);
  const missed = MISSED.reduce((n, k) => n + (counts[k] ?? 0), 0);
  if (missed === 0) return 'ok';
  return landed > 0 ? 'partial' : 'failed';
}
