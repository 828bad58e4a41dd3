// Patch or feed? Whichever finishes sooner under the documented limits. Pure.
import { USAGE_PLANS } from './rate-limits.js';

export const MAX_FEED_MESSAGES = 25_000;

/** Seconds to send `skus` PATCH calls with a full bucket: the burst at once, the rest at the rate. */
export function patchSeconds(skus: number): number {
  const { rate, burst } = USAGE_PLANS.patchListingsItem;
  return Math.max(0, skus - burst) / rate;
}

/** Seconds for feeds: Amazon's processing plus the calls around it (one feed per 25,000 skus). */
export function feedSeconds(skus: number, processingSeconds: number): number {
  const feeds = Math.ceil(skus / MAX_FEED_MESSAGES);
  // createFeed allows a burst of 15; JSON_LISTINGS_FEED allows 5 submissions per 5 minutes.
  const extraWindows = Math.max(0, Math.ceil(feeds / 5) - 1);
  return processingSeconds + extraWindows * 300 + 5;
}

export function choosePushMethod(skus: number, processingSeconds: number, forced: 'auto' | 'patch' | 'feed'): 'patch' | 'feed' {
  if (forced !== 'auto') return forced;
  return feedSeconds(skus, processingSeconds) < patchSeconds(skus) ? 'feed' : 'patch';
}
