// The runner behind `omni sandbox shopify`: prints where it listens, serves, stops on request.
import { describe, expect, it } from 'vitest';
import { runShopifySandboxCli } from '../../connectors/shopify/sandbox/index.js';

describe('runShopifySandboxCli', () => {
  it('prints its URL, answers, and stops', async () => {
    let stop!: () => void;
    const until = new Promise<void>((r) => { stop = r; });
    let printed = '';
    const running = runShopifySandboxCli({ port: 0 }, { out: (t) => { printed += t; }, err: () => {}, until });
    await expect.poll(() => printed).toMatch(/GraphQL endpoint: (http:\/\/127\.0\.0\.1:\d+\/admin\/api\/2026-10\/graphql\.json)/);
    const url = /GraphQL endpoint: (\S+)/.exec(printed)![1]!;
    const res = await fetch(url, { method: 'POST', headers: { 'x-shopify-access-token': 'shpat_sandbox', 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ shop { name } }' }) });
    expect(res.status).toBe(200);
    stop();
    await running;
    await expect(fetch(url, { method: 'POST' })).rejects.toThrow();
  });
});
