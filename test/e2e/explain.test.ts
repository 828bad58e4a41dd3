// `omni explain` agrees with `omni stock` and with what was pushed to the sandboxes, for a plain
// sku, a bundle, an FBA sku and a sku under each rule (buffer, allocation, safety_quantity,
// max_quantity, a sku override and a brand override); the sync report's "why" is the same
// derivation in one line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelsWorld, amazonQuantity, type ChannelsWorld } from '../support/channels-workspace.js';
import { cleanup } from '../support/workspace.js';

let w: ChannelsWorld;
interface StockLine { sku: string; published: Record<string, number | null> }
interface Explanation {
  sku: string; resolvedFrom: { channel: string; channelSku: string } | null;
  channels: { channel: string; published: number | null; summary: string; derivation: { quantity: number; short: string; steps: { step: string; value: number; text: string; source?: string }[] };
    listings: { channelSku: string; channelFulfilled: boolean; seen: { quantity: number | null }; pushed: { quantity: number | null }; lastChange: { after: string; outcome: string } | null }[] }[];
}
interface Report { changes: { channel: string; sku: string; action: string; location: string | null; after: string; outcome: string; why: string }[] }

const SHOPIFY_RULES = `    safety_quantity: 5
    max_quantity: 400
    overrides:
      - { skus: [KETTLE-GOOSE], max_quantity: 1 }
      - { brand: Teehaus Berg, buffer: 10 }
`;
let report: Report;
let stock: Record<string, StockLine>;

beforeAll(async () => {
  w = await channelsWorld({ shopify: SHOPIFY_RULES });
  const r = await w.run(['--json', 'sync', '--all']);
  expect(r.code, r.stderr).toBe(0);
  report = JSON.parse(r.stdout) as Report;
  stock = Object.fromEntries(((await w.json<{ lines: StockLine[] }>(['stock'])).lines).map((l) => [l.sku, l]));
}, 180_000);
afterAll(async () => { await w.close(); cleanup(w.dir); });

const explain = (sku: string, channel?: string) => w.json<Explanation>(['explain', sku, ...(channel ? ['--channel', channel] : [])]);
const shopify = (e: Explanation) => e.channels.find((c) => c.channel === 'shopify')!;
const amazon = (e: Explanation) => e.channels.find((c) => c.channel === 'amazon')!;

describe('omni explain (sandboxes)', () => {
  it.each([
    // sku, what Shopify gets, the rule that decides it
    ['MUG-STONE-350', 400, 'max'], // 300 + 200 − buffer 2 = 498, max_quantity 400
    ['CUP-ESPRESSO-2', 0, 'safety'], // pool 5 ≤ safety_quantity 5
    ['KETTLE-GOOSE', 1, 'max'], // 6 + 2 − 2 = 6, sku override max 1
    ['TEA-EARL-100', 110, 'buffer'], // 96 + 24 − brand override buffer 10
    ['FILTER-V60-100', 198, 'buffer'], // 160 + 40 − buffer 2
    ['GIFT-TEA-SET', 10, 'buffer'], // bundle: teapots allow 12, − buffer 2
  ])('%s: explain = stock = Shopify = %i (%s decides)', async (sku, want, rule) => {
    const e = await explain(sku);
    const c = shopify(e);
    expect(c.published).toBe(want);
    expect(stock[sku]!.published.shopify).toBe(want);
    expect(w.shopify.quantity(sku, 'Warehouse')).toBe(want);
    expect(c.derivation.steps.at(-1)!.step === rule || c.derivation.steps.some((s) => s.step === rule && s.value === want)).toBe(true);
    // the listing's last push is that number, applied
    const l = c.listings[0]!;
    expect(l.seen.quantity).toBe(want);
    const change = report.changes.find((x) => x.channel === 'shopify' && x.sku === sku && x.action === 'stock' && x.location === null);
    if (change) {
      expect(change).toMatchObject({ after: want, outcome: 'applied', why: c.derivation.short });
      expect(l.lastChange).toMatchObject({ after: String(want), outcome: 'applied' });
    }
  });

  it('names where an override came from', async () => {
    const tea = shopify(await explain('TEA-EARL-100', 'shopify'));
    expect(tea.derivation.steps.find((s) => s.step === 'buffer')).toMatchObject({ text: '120 − buffer 10 = 110', source: 'brand override #2' });
    const kettle = shopify(await explain('KETTLE-GOOSE', 'shopify'));
    expect(kettle.derivation.steps.find((s) => s.step === 'max')).toMatchObject({ text: '6 capped at max_quantity 1', source: 'sku override #1' });
    expect((await w.run(['explain', 'KETTLE-GOOSE', '--channel', 'shopify'])).stdout).toContain('6 capped at max_quantity 1 [sku override #1]');
  });

  it('allocation on Amazon: explain = stock = the merchant quantity Amazon shows', async () => {
    for (const [sku, want] of [['TEA-SENCHA-100', 24], ['POT-GLASS-1L', 7], ['KETTLE-GOOSE', 4]] as const) {
      const c = amazon(await explain(sku));
      expect(c.published, sku).toBe(want);
      expect(stock[sku]!.published.amazon, sku).toBe(want);
      expect(amazonQuantity(w.amazon, sku), sku).toBe(want);
      expect(c.derivation.steps.find((s) => s.step === 'allocation')!.text, sku).toContain('× allocation 80%');
    }
  });

  it('an FBA sku: Amazon counts it, omni pushes nothing, and `omni stock` no longer shows a number', async () => {
    const e = await explain('MUG-STONE-350', 'amazon');
    const c = amazon(e);
    expect(c.published).toBeNull();
    expect(c.summary).toContain('amazon fulfils MUG-STONE-350 from its own stock and counts it (amazon-fba: 200 on hand): omni never pushes a number there');
    expect(c.listings).toMatchObject([{ channelSku: 'MUG-STONE-350', channelFulfilled: true, lastChange: null }]);
    expect(stock['MUG-STONE-350']!.published.amazon).toBeNull();
    expect(amazonQuantity(w.amazon, 'MUG-STONE-350')).toBeUndefined();
    const table = (await w.run(['stock', 'MUG-STONE-350'])).stdout;
    expect(table).toMatch(/MUG-STONE-350 .* 400\s+channel\s*$/m);
    expect(table).not.toContain('240');
  });

  it('an unknown sku is a usage error; a channel sku explains its master sku', async () => {
    const r = await w.run(['explain', 'NOPE']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown sku "NOPE"');
    await w.run(['listings', 'map', 'amazon', 'AMZ-TEA', 'TEA-SENCHA-100']);
    const e = await explain('AMZ-TEA', 'amazon');
    expect(e).toMatchObject({ sku: 'TEA-SENCHA-100', resolvedFrom: { channel: 'amazon', channelSku: 'AMZ-TEA' } });
  });
});
