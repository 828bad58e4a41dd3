// The `watch:` block is checked like the rest of config.yaml: unknown keys refused, errors with
// their line, and no read interval under what the API's documented limits allow.
import { afterEach, describe, expect, it } from 'vitest';
import { BASIC_CONFIG, cleanup, omni, withMaster, workspace } from '../support/workspace.js';

let dir = '';
afterEach(() => { if (dir) cleanup(dir); dir = ''; });

describe('config watch:', () => {
  it('refuses an unknown key with its line', () => {
    dir = withMaster(workspace(`${BASIC_CONFIG}watch:\n  reconcile_minute: 30\n`));
    const r = omni(dir, ['watch', '--once']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/config\.yaml:\d+/);
    expect(r.stderr).toContain('reconcile_minute');
  });

  it('refuses an Amazon interval under its documented floor, saying why', () => {
    dir = withMaster(workspace(`${BASIC_CONFIG}watch:\n  interval_seconds: { amazon: 60 }\n`));
    const r = omni(dir, ['watch', '--once']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/config\.yaml:\d+.*watch\.interval_seconds\.amazon: 60 s is under amazon's floor of 180 s/);
    expect(r.stderr).toContain('searchOrders');
  });

  it('refuses a channel it does not know, and --channel with --all', () => {
    dir = withMaster(workspace(`${BASIC_CONFIG}watch:\n  channels: [shopify, ebay]\n`));
    const r = omni(dir, ['watch', '--once']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/config\.yaml:\d+.*"ebay"/);
    expect(omni(dir, ['watch', '--all', '--channel', 'shopify', '--once']).code).toBe(2);
  });
});
