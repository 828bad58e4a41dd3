// Feeds and reports are processed by Amazon in the background: omni polls their status until it
// is DONE, FATAL or CANCELLED, or until waiting longer would pass the channel's cap — then the
// caller leaves the rest to the next run. Each poll waits a tenth of the time waited so far
// (0.5 s to 5 s; getFeed and getReport allow 2 calls a second): a quick job is seen done within
// half a second, a slow one within ~10% of its processing time.
import type { Clock } from '../../src/http/token-bucket.js';
import { ANNOUNCE_AFTER_MS, formatWait, type WaitPolicy } from '../../src/http/waits.js';

export interface Processing { processingStatus: string }

export const FINISHED = ['DONE', 'FATAL', 'CANCELLED'];

/** The finished status, or undefined when it was still processing at the cap. */
export async function pollUntilFinished<T extends Processing>(clock: Clock, waits: WaitPolicy, what: string, read: () => Promise<T>): Promise<T | undefined> {
  const started = clock.now();
  let announced = false;
  for (;;) {
    const status = await read();
    if (FINISHED.includes(status.processingStatus)) return status;
    const step = Math.min(5000, Math.max(500, (clock.now() - started) / 10));
    const waited = clock.now() - started + step;
    if (waited > waits.maxMs) return undefined;
    if (!announced && waited > ANNOUNCE_AFTER_MS) {
      announced = true;
      waits.announce?.(`waiting for Amazon to process ${what} (at most ${formatWait(waits.maxMs)}; after that the next run picks it up)`);
    }
    await clock.sleep(step);
  }
}
