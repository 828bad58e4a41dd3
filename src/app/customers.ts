// One customer across channels: show everything we know of them, merge two that are one person,
// and split a merge again. Every merge is journalled with what it moved (customer_merges).
import type { Db } from '../db/open.js';
import { UserError, ExitCode, usageError } from '../core/errors.js';
import type { CustomerMerge } from '../db/customer-merges.js';
import {
  getCustomer, identitiesOf, mergedFamily, mergesOf, moveToCustomer, openMergeOf, orderIdsOf, ordersOf, returnsOf,
  setMergedInto, journalMerge, journalSplit, type Customer, type Identity, type CustomerOrderRow, type CustomerReturnRow, type IdentityKey,
} from '../db/customers-queries.js';

export interface CustomerDetail {
  customer: Customer;
  /** Customers merged into this one (their identities and orders are shown here). */
  mergedFrom: number[];
  identities: Identity[];
  orders: CustomerOrderRow[];
  returns: CustomerReturnRow[];
  merges: CustomerMerge[];
}

export function parseCustomerId(text: unknown): number {
  const s = String(text).trim().replace(/^#/, '');
  if (!/^\d+$/.test(s)) throw usageError(`"${String(text)}" is not a customer id.`, 'Customer ids are the numbers in `omni customers list`.');
  return Number(s);
}

function mustGet(db: Db, id: number): Customer {
  const c = getCustomer(db, id);
  if (!c) throw usageError(`Unknown customer ${id}.`, 'Find customers with `omni customers list --search TEXT`.');
  return c;
}

export function customerDetail(db: Db, id: number): CustomerDetail {
  const customer = mustGet(db, id);
  const family = mergedFamily(db, id);
  return {
    customer, mergedFrom: family.slice(1), identities: identitiesOf(db, family), orders: ordersOf(db, family),
    returns: returnsOf(db, family), merges: mergesOf(db, id),
  };
}

export interface MergeResult {
  mergeId: number;
  source: number;
  target: number;
  identities: IdentityKey[];
  orderIds: number[];
}

export function mergeCustomers(db: Db, sourceId: number, targetId: number, now: Date, reason?: string): MergeResult {
  if (sourceId === targetId) throw usageError(`Cannot merge customer ${sourceId} into itself.`);
  const source = mustGet(db, sourceId);
  const target = mustGet(db, targetId);
  if (source.mergedInto !== null) {
    throw new UserError(`Customer ${sourceId} is already merged into ${source.mergedInto}.`, {
      exitCode: ExitCode.refused, hint: `Split it first (\`omni customers split ${sourceId}\`), or merge customer ${source.mergedInto} instead.`,
    });
  }
  if (target.mergedInto !== null) {
    throw new UserError(`Customer ${targetId} is itself merged into ${target.mergedInto}.`, {
      exitCode: ExitCode.refused, hint: `Merge into ${target.mergedInto} instead: \`omni customers merge ${sourceId} --into ${target.mergedInto}\`.`,
    });
  }
  return db.transaction(() => {
    const identities = identitiesOf(db, [sourceId]).map((i) => ({ channel: i.channel, remoteId: i.remoteId }));
    const orderIds = orderIdsOf(db, sourceId);
    moveToCustomer(db, targetId, identities, orderIds);
    setMergedInto(db, sourceId, targetId);
    const mergeId = journalMerge(db, { sourceId, targetId, identities, orderIds, reason, at: now.toISOString() });
    return { mergeId, source: sourceId, target: targetId, identities, orderIds };
  });
}

export interface SplitResult {
  mergeId: number | null;
  customer: number;
  from: number;
  identities: IdentityKey[];
  orderIds: number[];
  warnings: string[];
}

/** Undo the merge of `sourceId`: its identities and orders go back, `merged_into` is cleared. */
export function splitCustomer(db: Db, sourceId: number, now: Date): SplitResult {
  const source = mustGet(db, sourceId);
  if (source.mergedInto === null) {
    throw new UserError(`Customer ${sourceId} is not merged into another customer; there is nothing to split.`, {
      exitCode: ExitCode.refused, hint: 'Split the customer that was merged away (the one `omni customers show` lists under "merged from").',
    });
  }
  const from = source.mergedInto;
  const merge = openMergeOf(db, sourceId);
  return db.transaction(() => {
    const warnings: string[] = [];
    let identities: IdentityKey[];
    let orderIds: number[];
    if (merge) {
      identities = JSON.parse(merge.identities) as IdentityKey[];
      orderIds = JSON.parse(merge.orderIds) as number[];
      journalSplit(db, merge.id, now.toISOString());
    } else {
      // Merged without a journal entry (by other code): re-derive from the identities' own contacts.
      identities = identitiesOf(db, mergedFamily(db, from))
        .filter((i) => (i.email && i.email === source.email) || (i.phone && i.phone === source.phone))
        .map((i) => ({ channel: i.channel, remoteId: i.remoteId }));
      orderIds = [];
      warnings.push(`No merge journal for customer ${sourceId}: identities matched by its e-mail/phone were moved back; orders stay with ${from}.`);
    }
    moveToCustomer(db, sourceId, identities, orderIds);
    setMergedInto(db, sourceId, null);
    return { mergeId: merge?.id ?? null, customer: sourceId, from, identities, orderIds, warnings };
  });
}
