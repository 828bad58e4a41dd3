import { Output, table, type GlobalOptions } from '../output.js';
import { openWorkspace } from '../../app/workspace.js';
import { listCustomers } from '../../db/customers-queries.js';
import { customerDetail, mergeCustomers, parseCustomerId, splitCustomer } from '../../app/customers.js';
import { formatMoney } from '../../core/money.js';
import { localDay } from '../../core/zone.js';

export async function list(_a: unknown[], o: { search?: string; all?: boolean }, g: GlobalOptions): Promise<number> {
  const ws = await openWorkspace(g);
  try {
    const rows = listCustomers(ws.db, { ...(o.search ? { search: o.search } : {}), includeMerged: o.all ?? false });
    new Output(g).result('customers-list', { customers: rows.map((c) => ({ ...c, channels: c.channels ? c.channels.split(',') : [] })) }, () => rows.length === 0 ? 'No customers yet: they arrive with orders (`omni sync`).'
      : table(['id', 'name', 'email', 'phone', 'channels', 'orders', ...(o.all ? ['merged into'] : [])],
        rows.map((c) => [c.id, c.name, c.email, c.phone, c.channels, c.orders, ...(o.all ? [c.mergedInto] : [])])));
  } finally { ws.close(); }
  return 0;
}

export async function show(args: unknown[], _o: unknown, g: GlobalOptions): Promise<number> {
  const id = parseCustomerId(args[0]);
  const ws = await openWorkspace(g);
  try {
    const d = customerDetail(ws.db, id);
    const c = d.customer;
    const tz = ws.config.timezone;
    new Output(g).result('customers-show', { ...d, merges: d.merges.map((m) => ({ ...m, identities: JSON.parse(m.identities) as unknown, orderIds: JSON.parse(m.orderIds) as unknown })) }, () => [
      `Customer ${c.id}: ${c.name ?? '(no name)'}`,
      `e-mail: ${c.email ?? '-'}   phone: ${c.phone ?? '-'}`,
      c.mergedInto !== null ? `Merged into customer ${c.mergedInto} (undo: omni customers split ${c.id}).` : '',
      d.mergedFrom.length ? `Merged from: ${d.mergedFrom.join(', ')}` : '',
      '', 'Channel identities:',
      table(['channel', 'remote id', 'email', 'phone'], d.identities.map((i) => [i.channel, i.remoteId, i.email, i.phone])),
      '', `Orders (${d.orders.length}):`,
      d.orders.length ? table(['order', 'status', 'placed', 'items', 'total'], d.orders.map((x) => [`${x.channel}:${x.remoteId}`, x.status, localDay(x.placedAt, tz), x.items, formatMoney(x.totalMinor, x.currency)])) : '(none)',
      '', `Returns (${d.returns.length}):`,
      d.returns.length ? table(['order', 'sku', 'qty', 'at', 'disposition', 'date'], d.returns.map((r) => [`${r.channel}:${r.orderRemoteId}`, r.sku, r.quantity, r.location, r.disposition, localDay(r.createdAt, tz)])) : '(none)',
      '', `Dates are days in ${tz}.`,
    ].join('\n').replace(/\n{3,}/g, '\n\n'));
  } finally { ws.close(); }
  return 0;
}

export async function merge(args: unknown[], o: { into: string; reason?: string }, g: GlobalOptions): Promise<number> {
  const source = parseCustomerId(args[0]);
  const target = parseCustomerId(o.into);
  const ws = await openWorkspace(g, { write: true, command: `omni customers merge ${source} --into ${target}` });
  try {
    const r = mergeCustomers(ws.db, source, target, new Date(), o.reason);
    new Output(g).result('customers-merge', r, () => `Merged customer ${source} into ${target}: ${r.identities.length} identit${r.identities.length === 1 ? 'y' : 'ies'} and ${r.orderIds.length} order(s) moved (merge #${r.mergeId}). Undo with \`omni customers split ${source}\`.`);
  } finally { ws.close(); }
  return 0;
}

export async function split(args: unknown[], _o: unknown, g: GlobalOptions): Promise<number> {
  const id = parseCustomerId(args[0]);
  const ws = await openWorkspace(g, { write: true, command: `omni customers split ${id}` });
  try {
    const r = splitCustomer(ws.db, id, new Date());
    const out = new Output(g);
    for (const w of r.warnings) out.warn(w);
    out.result('customers-split', r, () => `Split customer ${id} from ${r.from}: ${r.identities.length} identit${r.identities.length === 1 ? 'y' : 'ies'} and ${r.orderIds.length} order(s) moved back.`);
  } finally { ws.close(); }
  return 0;
}
