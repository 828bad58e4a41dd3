import { Output, table, type GlobalOptions } from '../output.js';
import { openWorkspace } from '../../app/workspace.js';
import { importMap, listingsOf, mapOne, unmapOne, unmatchedListings } from '../../app/listings.js';
import { localTime } from '../local-time.js';

export async function list(_a: unknown[], o: { channel?: string; sku?: string }, g: GlobalOptions): Promise<number> {
  const ws = await openWorkspace(g);
  try {
    const rows = listingsOf(ws.db, ws.config, o);
    const tz = ws.config.timezone;
    new Output(g).result('listings-list', { listings: rows }, () => rows.length === 0 ? 'No listings yet: `omni sync` remembers what each channel lists.'
      : table(['channel', 'channel sku', 'master sku', 'matched by', 'title', 'seen qty', 'pushed qty', 'seen'],
        rows.map((l) => [l.channel, l.channelSku, l.sku ?? (l.mappedTo ? `(${l.mappedTo} at next sync)` : '-'),
          l.match === 'map' ? `map (${l.mapSource})` : l.match ?? (l.seenAt ? 'unmatched' : 'map, not seen yet'),
          (l.title ?? '').slice(0, 40), l.channelFulfilled ? 'channel' : l.seenQuantity, l.pushedQuantity, localTime(l.seenAt, tz, '-')]))
        + `\n\nmatched by: map = your mapping (\`omni listings map\`), identity = the same sku, barcode = the channel's barcode. Times in ${tz}.`);
  } finally { ws.close(); }
  return 0;
}

export async function unmatched(_a: unknown[], o: { channel?: string }, g: GlobalOptions): Promise<number> {
  const ws = await openWorkspace(g);
  try {
    const rows = unmatchedListings(ws.db, ws.config, o.channel);
    new Output(g).result('listings-unmatched', { unmatched: rows.map((r) => ({ channel: r.channel, channelSku: r.channelSku, title: r.title, barcode: r.barcode, why: r.why, seenAt: r.seenAt })) },
      () => rows.length === 0 ? 'Every listing the channels showed at their last sync matches a master sku.'
        : table(['channel', 'channel sku', 'title', 'barcode', 'why'], rows.map((r) => [r.channel, r.channelSku, (r.title ?? '').slice(0, 40), r.barcode, r.why]))
          + '\n\nThese are not synced. Map each: `omni listings map CHANNEL CHANNEL_SKU MASTER_SKU`, or many at once from a CSV (channel,channel_sku,sku): `omni listings import FILE`.');
  } finally { ws.close(); }
  return 0;
}

export async function map(args: unknown[], _o: unknown, g: GlobalOptions): Promise<number> {
  const [channel, channelSku, sku] = args as [string, string, string];
  const ws = await openWorkspace(g, { write: true, command: `omni listings map ${channel} ${channelSku}` });
  try {
    const r = mapOne(ws.db, ws.config, channel, channelSku, sku);
    const out = new Output(g);
    out.result('listings-map', r, () => `${channel} ${channelSku} → ${sku}: ${r.outcome === 'unchanged' ? 'already mapped so' : r.outcome === 'changed' ? 'mapping changed' : 'mapped'}.`
      + (r.seen ? ' The next sync syncs it.' : ` (${channel} has not shown ${channelSku} yet; the mapping applies once it does.)`));
  } finally { ws.close(); }
  return 0;
}

export async function unmap(args: unknown[], _o: unknown, g: GlobalOptions): Promise<number> {
  const [channel, channelSku] = args as [string, string];
  const ws = await openWorkspace(g, { write: true, command: `omni listings unmap ${channel} ${channelSku}` });
  try {
    const r = unmapOne(ws.db, ws.config, channel, channelSku);
    new Output(g).result('listings-unmap', r, () => `${channel} ${channelSku}: mapping removed; ${r.now.sku === null ? `it now matches no master sku (${r.now.why}) and is not synced` : `it now matches ${r.now.sku} by ${r.now.match}`}.`);
  } finally { ws.close(); }
  return 0;
}

export async function importCsv(args: unknown[], o: { dryRun?: boolean }, g: GlobalOptions): Promise<number> {
  const file = args[0] as string;
  const ws = await openWorkspace(g, { write: !o.dryRun, command: `omni listings import ${file}` });
  try {
    const s = await importMap(ws.db, ws.config, file, o);
    new Output(g).result('listings-import', s, () => `${s.dryRun ? 'Dry run (nothing saved): would map' : 'Mapped'} ${s.rows} row(s): ${s.created} new, ${s.changed} changed, ${s.unchanged} unchanged.`
      + (s.dryRun ? '' : ' The next sync syncs them.'));
  } finally { ws.close(); }
  return 0;
}
