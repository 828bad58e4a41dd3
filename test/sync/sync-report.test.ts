import { describe, expect, it } from 'vitest';
import { buildSyncReport } from '../../src/report/sync-report.js';
import { syncReportCsv, syncReportHtml, syncReportMarkdown } from '../../src/report/render-sync.js';
import type { ChannelResult } from '../../src/app/sync.js';
import type { Change } from '../../src/core/connector.js';

const change = (sku: string, action: Change['action'], before: number | null, after: number, reason = ''): Change =>
  ({ channel: 'amazon', sku, channelSku: sku, action, before, after, key: `${sku}:${action}`, reason, target: { remoteId: sku } } as Change);

describe('sync report', () => {
  const result: ChannelResult = {
    channel: 'amazon', runId: 7, status: 'partial', counts: { applied: 1, failed: 1 },
    plan: { changes: [change('KETTLE', 'price', 5200, 4905), change('MUG', 'stock', 3, 0)], summary: { listings: 2 }, warnings: [] } as unknown as ChannelResult['plan'],
    outcomes: [{ key: 'KETTLE:price', outcome: 'applied' }, { key: 'MUG:stock', outcome: 'failed', message: 'Amazon: quantity invalid' }] as ChannelResult['outcomes'],
  };

  it('JSON: quantities and prices (minor units, with the currency) as numbers; people read prices as money', () => {
    const r = buildSyncReport([result], false, new Date('2026-11-23T07:00:00Z'), 'EUR');
    expect(r.currency).toBe('EUR');
    expect(r.changes).toEqual([
      { channel: 'amazon', sku: 'KETTLE', channelSku: 'KETTLE', location: null, action: 'price', before: 5200, after: 4905, outcome: 'applied', message: '', why: '' },
      { channel: 'amazon', sku: 'MUG', channelSku: 'MUG', location: null, action: 'stock', before: 3, after: 0, outcome: 'failed', message: 'Amazon: quantity invalid', why: '' },
    ]);
    expect(syncReportMarkdown(r)).toContain('| MUG | stock | 3 | 0 | failed');
    expect(syncReportMarkdown(r)).toContain('| KETTLE | price | 52.00 | 49.05 | applied');
    // CSV: the amount and its currency in their own columns
    expect(syncReportCsv(r).split('\r\n').slice(0, 2)).toEqual(['channel,sku,channel_sku,location,change,before,after,currency,outcome,message,why', 'amazon,KETTLE,KETTLE,,price,52.00,49.05,EUR,applied,,']);
  });

  it('says why each stock change, names the channel sku, the secondary location and every unmatched listing; HTML shows warnings unfolded', () => {
    const why = 'warehouse 10 × 80% = 8';
    const second: ChannelResult = {
      ...result, outcomes: [],
      plan: { changes: [{ ...change('MUG', 'stock', 3, 8, why), channelSku: 'AMZ-MUG' }, { ...change('MUG', 'stock', 4, 0, 'sells every location'), location: 'store', key: 'k2' }], summary: { listings: 2 }, warnings: [] } as unknown as ChannelResult['plan'],
      applied: { listingsSeen: 3, ordersPulled: 0, newOrders: 0, saleMovements: 0, cancelMovements: 0, returnMovements: 0, countMovements: 0,
        unmatched: [{ channelSku: 'AMZ-TOWEL', title: 'Linen towel', barcode: '4260000000028', why: 'no master sku or mapping' }], warnings: ['amazon: 1 listing(s) match no master sku'] },
    };
    const r = buildSyncReport([second], true, new Date(), 'EUR');
    expect(r.changes[0]).toMatchObject({ sku: 'MUG', channelSku: 'AMZ-MUG', why });
    expect(r.channels[0]!.unmatched).toEqual([{ channelSku: 'AMZ-TOWEL', title: 'Linen towel', barcode: '4260000000028', why: 'no master sku or mapping' }]);
    const md = syncReportMarkdown(r);
    expect(md).toContain(`| MUG (AMZ-MUG) | stock | 3 | 8 | planned | ${why} |`);
    expect(md).toContain('| MUG | stock @store | 4 | 0 |');
    expect(md).toContain('- AMZ-TOWEL "Linen towel" (barcode 4260000000028): no master sku or mapping');
    const html = syncReportHtml(r);
    expect(html).not.toContain('<details>');
    expect(html).toContain('<li>amazon: 1 listing(s) match no master sku</li>');
    expect(html).toContain('<td>AMZ-TOWEL</td>');
    expect(html).toContain(`<td class="why">${why}</td>`);
    expect(syncReportCsv(r).split(/\r?\n/)[0]).toBe('channel,sku,channel_sku,location,change,before,after,currency,outcome,message,why');
  });

  it('marks what a dry run would do as planned and what a refused run held back as refused', () => {
    expect(buildSyncReport([{ ...result, outcomes: [] }], true, new Date(), 'EUR').changes.map((c) => c.outcome)).toEqual(['planned', 'planned']);
    expect(buildSyncReport([{ ...result, status: 'refused', outcomes: [] }], false, new Date(), 'EUR').changes.map((c) => c.outcome)).toEqual(['refused', 'refused']);
  });

  it('says what a guard did: refused, would refuse (dry run), or was overridden', () => {
    const guard = { ok: false, reasons: ['3 of 8 listings (37.5%) would be set to zero'] };
    const md = (status: ChannelResult['status'], dryRun: boolean) => syncReportMarkdown(buildSyncReport([{ ...result, status, guard, outcomes: [] }], dryRun, new Date(), 'EUR'));
    expect(md('refused', false)).toContain('**Refused by a guard:**');
    expect(md('dry-run', true)).toContain('**A real run would be refused by a guard (unless --force):**');
    expect(md('ok', false)).toContain('pushed anyway (--force)');
  });
});

describe('accepted and settled changes in the report', () => {
  it('says how many await confirmation, and lists earlier changes that did not land', () => {
    const accepted: ChannelResult = {
      channel: 'amazon', runId: 9, status: 'ok', counts: { accepted: 2 },
      plan: { changes: [change('KETTLE', 'price', 5200, 4905), change('MUG', 'stock', 3, 0)], summary: { listings: 2 }, warnings: [] } as unknown as ChannelResult['plan'],
      outcomes: [{ key: 'KETTLE:price', outcome: 'accepted' }, { key: 'MUG:stock', outcome: 'accepted' }],
      settled: [
        { runId: 7, key: 'a', sku: 'TEA', channelSku: 'TEA', action: 'stock', after: '24', outcome: 'applied', message: 'confirmed: Amazon shows it' },
        { runId: 7, key: 'b', sku: 'POT', channelSku: 'POT', action: 'price', after: '2900', outcome: 'failed', message: 'Amazon did not apply it: 4000003 restricted' },
      ],
      awaiting: [],
    };
    const r = buildSyncReport([accepted], false, new Date('2026-11-23T07:00:00Z'), 'EUR');
    expect(r.channels[0]!.awaitingConfirmation).toBe(2);
    expect(r.settled.map((x) => [x.runId, x.sku, x.after, x.outcome])).toEqual([[7, 'TEA', 24, 'applied'], [7, 'POT', 2900, 'failed']]);
    const md = syncReportMarkdown(r);
    expect(md).toContain('Outcomes: 2 accepted.');
    expect(md).toContain('2 change(s) accepted by amazon and awaiting its confirmation: not failures');
    expect(md).toContain('Earlier accepted changes: 1 confirmed, 1 did not land.');
    expect(md).toContain('| 7 | POT | price | 29.00 | failed: Amazon did not apply it: 4000003 restricted |');
    const html = syncReportHtml(r);
    expect(html).toContain('Earlier accepted changes: 1 confirmed, 1 did not land.');
    expect(html).toContain('4000003 restricted');
  });
});

describe('report files', () => {
  it('two reports in the same second both survive', async () => {
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { writeReportFiles } = await import('../../src/report/write-files.js');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-reports-'));
    try {
      const render = (text: string) => ({ md: () => text, json: () => '{}', csv: () => '', html: () => '' });
      const first = writeReportFiles(dir, 'sync-20261123-070000Z', render('first'), ['md', 'json']);
      const second = writeReportFiles(dir, 'sync-20261123-070000Z', render('second'), ['md', 'json']);
      expect(second.map((f) => path.basename(f))).toEqual(['sync-20261123-070000Z-2.md', 'sync-20261123-070000Z-2.json']);
      expect(readFileSync(first[0]!, 'utf8')).toBe('first');
      expect(readFileSync(second[0]!, 'utf8')).toBe('second');
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});
