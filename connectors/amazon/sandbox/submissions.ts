// Amazon applies an ACCEPTED patch later, not when it answers [API-NOTES: patchListingsItem,
// "ACCEPTED means queued, not applied"]. With a delay set, the sandbox checks the request's shape
// and product type at once, queues the rest, and applies it when the delay has passed (judged by
// the injected clock whenever anyone calls). A submission that fails then leaves the listing
// unchanged with the ERROR issues on it, as Amazon's listing issues show.
import type { SandboxContext } from './context.js';
import { submit, type PatchOp } from './listing-ops.js';

export interface QueuedSubmission { submissionId: string; sku: string; productType: string; patches: PatchOp[]; marketplaceId: string; dueAt: number }

export function queueSubmission(ctx: SandboxContext, s: Omit<QueuedSubmission, 'dueAt'>): void {
  ctx.queued.push({ ...s, dueAt: ctx.now() + ctx.applyDelayMs });
}

/** Apply every submission that is due (all of them with `all`), oldest first. */
export function advanceSubmissions(ctx: SandboxContext, all = false): number {
  const now = ctx.now();
  const due = ctx.queued.filter((q) => all || q.dueAt <= now);
  if (due.length === 0) return 0;
  ctx.queued.splice(0, ctx.queued.length, ...ctx.queued.filter((q) => !due.includes(q)));
  for (const q of due) {
    const issues = submit(ctx.store, { sku: q.sku, operationType: 'PATCH', productType: q.productType, patches: q.patches }, q.marketplaceId, Math.min(now, q.dueAt));
    const listing = ctx.store.listings.get(q.sku);
    if (listing) listing.issues = issues.filter((i) => i.severity === 'ERROR');
  }
  return due.length;
}
