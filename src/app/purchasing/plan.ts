// The suggestion wired to the master: read reorder facts, then the pure suggestion.
import type { Db } from '../../db/open.js';
import { reorderItems, getSupplier, listSuppliers } from '../../db/purchasing.js';
import { usageError } from '../../core/errors.js';
import { suggestPurchaseOrders, type Suggestion } from './suggest.js';

export interface SuggestOptions {
  supplier?: string | undefined;
  velocityDays?: number | undefined;
  safetyDays?: number | undefined;
  coverDays?: number | undefined;
  defaultReorderPoint: number;
}

export function suggestFromMaster(db: Db, o: SuggestOptions, now: Date): Suggestion {
  if (o.supplier && !getSupplier(db, o.supplier)) {
    throw usageError(`Unknown supplier "${o.supplier}".`, `Known suppliers: ${listSuppliers(db).map((s) => s.code).join(', ') || '(none yet: they come from supplier feeds)'}.`);
  }
  const window = o.velocityDays ?? 30;
  const items = reorderItems(db, new Date(now.getTime() - window * 86_400_000));
  return suggestPurchaseOrders(items, {
    defaultReorderPoint: o.defaultReorderPoint, velocityDays: o.velocityDays, safetyDays: o.safetyDays ?? 7, coverDays: o.coverDays ?? 30,
    supplier: o.supplier, now,
  });
}
