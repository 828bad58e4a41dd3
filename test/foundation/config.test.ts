import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { UserError } from '../../src/core/errors.js';
import { maskSecrets, redactor } from '../../src/config/redact.js';

function problems(yaml: string, env: Record<string, string> = {}): string[] {
  try {
    parseConfig(yaml, '/x/config.yaml', env);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).exitCode).toBe(2);
    return [...(e as UserError).details];
  }
  return [];
}

const LOCS = 'locations:\n  - code: store\n  - code: warehouse\n';

describe('config', () => {
  it('accepts a minimal config and fills defaults', () => {
    const { config } = parseConfig(LOCS, '/x/config.yaml', {});
    expect(config.database).toBe('omni.sqlite');
    expect(config.lock_timeout_seconds).toBe(30);
    expect(config.locations.map((l) => l.code)).toEqual(['store', 'warehouse']);
  });

  it('names the key and the line of a missing secret env var', () => {
    const yaml = `${LOCS}channels:\n  shopify:\n    type: shopify\n    stock_from: [store]\n    access_token: \${SHOPIFY_TOKEN}\n`;
    expect(problems(yaml)).toEqual([
      'config.yaml:8: channels.shopify.access_token: environment variable SHOPIFY_TOKEN is not set (put SHOPIFY_TOKEN=… in omni.env beside the config, or set it in the environment)',
    ]);
  });

  it('refuses a location listed twice in stock_from (it would count twice)', () => {
    const yaml = `${LOCS}channels:\n  web:\n    type: shopify\n    stock_from: [store, warehouse, store]\n`;
    expect(problems(yaml)).toEqual(['config.yaml:7: channels.web.stock_from.2: "store" is listed twice']);
  });

  it('interpolates env vars and registers secrets with the redactor', () => {
    const yaml = `${LOCS}channels:\n  shopify:\n    type: shopify\n    stock_from: [store]\n    access_token: \${SHOPIFY_TOKEN}\n`;
    const { config } = parseConfig(yaml, '/x/config.yaml', { SHOPIFY_TOKEN: 'shpat_supersecret123' });
    expect(config.channels.shopify!.access_token).toBe('shpat_supersecret123');
    expect(redactor.redact('token is shpat_supersecret123!')).toBe('token is [REDACTED]!');
    expect(JSON.stringify(maskSecrets(config))).not.toContain('shpat_supersecret123');
  });

  it('collects every problem with its line, not just the first', () => {
    const yaml = `lock_timeout_seconds: soon\nlocations:\n  - code: Store Front\n  - code: warehouse\nchannels:\n  web:\n    type: shopify\n    stock_from: [warehouse, attic]\n    allocation: "150%"\n`;
    const p = problems(yaml);
    expect(p.some((l) => l.startsWith('config.yaml:1: lock_timeout_seconds:'))).toBe(true);
    expect(p.some((l) => l.startsWith('config.yaml:3: locations.0.code:'))).toBe(true);
    expect(p.some((l) => l.startsWith('config.yaml:9: channels.web.allocation:'))).toBe(true);
  });

  it('reports an unknown location in stock_from at its line (cross-field rule)', () => {
    const yaml = `${LOCS}channels:\n  web:\n    type: shopify\n    stock_from:\n      - warehouse\n      - attic\n`;
    expect(problems(yaml)).toEqual(['config.yaml:9: channels.web.stock_from.1: unknown location "attic" (defined: store, warehouse)']);
  });

  it('reports unknown keys, a missing required key and broken YAML', () => {
    expect(problems(`${LOCS}databse: x.sqlite\n`)[0]).toMatch(/^config\.yaml:4: \(top level\): unknown key "databse" \(did you mean database\?\)/);
    expect(problems('currency: EUR\n')[0]).toMatch(/^config\.yaml:1: locations: required/);
    expect(() => parseConfig('locations: [\n', '/x/config.yaml', {})).toThrow(/not valid YAML/);
  });
});
