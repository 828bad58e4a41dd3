// A whole channel's planner input the incremental way (plan-marks.ts): the same rows, rules and
// pre-filter as planInput, restricted to the skus that could differ since the channel's last
// committed plan, or everything when there is no usable mark. The caller saves the new mark once
// the plan is made, in the same transaction (a dry run rolls it back with the rest).
import type { Db } from './open.js';
import { planInput, type PlanInput } from './plan-input.js';
import { bundleSkus, planCandidates, planRulesKey, pruneTouches, savePlanMark, touchMark } from './plan-marks.js';
import type { ChannelRules } from '../core/rules.js';
import type { PriceRule } from '../core/price.js';
import type { PlanRow, Plan } from '../core/plan.js';

export interface IncrementalPlanInput {
  input: PlanInput;
  /** True when every listing was read (no usable mark): a full plan. */
  full: boolean;
  /** Remembers `plan` (made from `input.rows`) as the channel's mark, and prunes touches no mark needs. */
  saveMark(plan: Plan): void;
}

export function incrementalPlanInput(db: Db, channel: string, rules: ChannelRules, price: PriceRule,
  push: { stock: boolean; price: boolean; content: boolean }, creates: boolean, now: Date): IncrementalPlanInput {
  // Whether the planner creates listings is part of what a plan depends on (an unlisted sku).
  const key = planRulesKey({ rules, price, push, creates });
  // Before the plan reads anything: a touch after this is looked at next time.
  const touch = touchMark(db);
  // Bundles now: planned now, and looked at again next time, so one that stops being a bundle (its
  // number then comes from its own stock) is planned though nothing touched it.
  const bundles = bundleSkus(db);
  const candidates = planCandidates(db, channel, key, now, { bundles });
  const input = planInput(db, channel, rules, price, { push, skus: candidates?.skus, prefilter: true, listings: candidates?.listings });
  // A row the planner warns about (no quantity reported) is looked at again, like a changed one.
  const warned = new Set<string>();
  const rows = tap(input.rows, (r) => { if (r.remote && r.remote.quantity === undefined) warned.add(r.sku); });
  return {
    input: { rows, listedTotal: input.listedTotal, listings: input.listings },
    full: candidates === undefined,
    saveMark(plan) {
      const pending = [...new Set([...plan.changes.map((c) => c.sku), ...warned, ...bundles])].sort();
      savePlanMark(db, channel, { touch, rules: key, pending, at: candidates?.fullAt ?? now.toISOString(), listings: input.listings }, now);
      pruneTouches(db, now);
    },
  };
}

function* tap(rows: Iterable<PlanRow>, see: (r: PlanRow) => void): Generator<PlanRow> {
  for (const r of rows) { see(r); yield r; }
}
