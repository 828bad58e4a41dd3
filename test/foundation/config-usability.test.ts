// Config mistakes a shop owner makes by hand: typos inside a channel block, YAML broken by
// uncommenting an example, and messages that name the file actually in use (-c c2.yaml).
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseConfig } from '../../src/config/load.js';
import { createConnector } from '../../src/app/connectors.js';
import { connectorConfigSchemas } from '../../src/config/connector-schemas.js';
import { connectorTypes } from '../../connectors/index.js';
import { UserError } from '../../src/core/errors.js';
import { closestKey } from '../../src/config/suggest.js';
import { omni, tempDir, cleanup, ROOT } from '../support/workspace.js';

const dirs: string[] = [];
const dir = () => { const d = tempDir(); dirs.push(d); return d; };
afterAll(() => dirs.forEach(cleanup));

function problems(yaml: string, file = '/x/config.yaml', env: Record<string, string> = {}): string[] {
  try {
    parseConfig(yaml, file, env);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).exitCode).toBe(2);
    return [...(e as UserError).details];
  }
  return [];
}

const LOCS = 'locations:\n  - code: store\n  - code: warehouse\n'; // lines 1-3
const SHOPIFY = `${LOCS}channels:
  shopify:
    type: shopify
    shop: my-shop
    access_token: shpat_x
    location_map: { warehouse: gid://shopify/Location/1 }
    stock_from: [warehouse]
`; // lines 4-10

describe('channel rules', () => {
  it('takes safety_quantity, max_quantity and overrides, and names a bad override with its line', () => {
    expect(problems(`${SHOPIFY}    safety_quantity: 3\n    max_quantity: 50\n    overrides:\n      - { skus: [A, B], max_quantity: 2 }\n      - { brand: Nord, buffer: 5 }\n`)).toEqual([]);
    expect(problems(`${SHOPIFY}    overrides:\n      - { skus: [A], brand: Nord, buffer: 1 }\n      - { skus: [A] }\n      - { brand: Nord, max_quantiy: 2, buffer: 1 }\n    safety_quantity: -1\n`)).toEqual([
      'config.yaml:15: channels.safety_quantity: Too small: expected number to be >=0',
      'config.yaml:12: channels.overrides.0: give either skus: [...] or brand: NAME',
      'config.yaml:13: channels.overrides.1: set at least one of buffer, allocation, safety_quantity, max_quantity',
      'config.yaml:14: channels.overrides.2: unknown key "max_quantiy" (did you mean max_quantity?)',
    ].map((x) => x.replace('channels.', 'channels.shopify.')));
  });
});

describe('unknown keys in a channel block', () => {
  it('rejects a misspelt common key with its line and a suggestion', () => {
    expect(problems(`${SHOPIFY}    bufer: 1\n    alocation: "50%"\n`)).toEqual([
      'config.yaml:11: channels.shopify.bufer: unknown key (did you mean buffer?)',
      'config.yaml:12: channels.shopify.alocation: unknown key (did you mean allocation?)',
    ]);
  });

  it('accepts the connector\'s own keys and rejects a misspelt one', () => {
    expect(problems(`${SHOPIFY}    page_size: 50\n    buffer: 1\n`)).toEqual([]);
    const amazon = `${LOCS}channels:\n  amazon:\n    type: amazon\n    stock_from: [warehouse]\n    refresh_tokn: abc\n`;
    expect(problems(amazon)).toEqual(['config.yaml:8: channels.amazon.refresh_tokn: unknown key (did you mean refresh_token?)']);
  });

  it('rejects a key of another connector, and reports it with the other problems', () => {
    const p = problems(`${SHOPIFY}    preset: square\n    buffer: -1\n`);
    expect(p).toContain('config.yaml:11: channels.shopify.preset: unknown key (not a setting of a shopify channel; see config.example.yaml)');
    expect(p.some((l) => l.startsWith('config.yaml:12: channels.shopify.buffer:'))).toBe(true);
  });

  it('for a type without a connector, catches near-misses of the common keys only', () => {
    const ebay = `${LOCS}channels:\n  ebay:\n    type: ebay\n    stock_from: [warehouse]\n    ebay_site: 77\n    bufer: 2\n`;
    expect(problems(ebay)).toEqual(['config.yaml:9: channels.ebay.bufer: unknown key (did you mean buffer?)']);
  });

  it('suggests the key meant in nested and top-level blocks too', () => {
    expect(problems(`${LOCS}lock_timeout_secnds: 5\n`)).toEqual([
      'config.yaml:4: (top level): unknown key "lock_timeout_secnds" (did you mean lock_timeout_seconds?)',
    ]);
    expect(problems(`${SHOPIFY}    push: { stok: false }\n`)).toEqual([
      'config.yaml:11: channels.shopify.push: unknown key "stok" (did you mean stock?)',
    ]);
  });

  it('keeps the list of connector schemas in step with connectors/index.ts', () => {
    expect(Object.keys(connectorConfigSchemas).sort()).toEqual(Object.keys(connectorTypes).sort());
  });

  it('suggests only close keys', () => {
    expect(closestKey('bufer', ['buffer', 'allocation'])).toBe('buffer');
    expect(closestKey('colour', ['buffer', 'allocation'])).toBeUndefined();
    expect(closestKey('Stock-From', ['stock_from'])).toBe('stock_from');
  });
});

describe('connector schema problems', () => {
  it('carry the file name and the line, like the loader\'s', async () => {
    const yaml = `${LOCS}channels:\n  amazon:\n    type: amazon\n    stock_from: [warehouse]\n    marketplace_ids: []\n    region: moon\n`;
    const { config } = parseConfig(yaml, '/x/c2.yaml', {});
    const log = { info: () => undefined, debug: () => undefined, warn: () => undefined };
    const err = await createConnector(config, '/x', 'amazon', log).then(() => undefined, (e: unknown) => e as UserError);
    expect(err).toBeInstanceOf(UserError);
    expect(err!.exitCode).toBe(2);
    expect(err!.message).toBe('c2.yaml: channel "amazon" (amazon) is not set up right.');
    expect(err!.details).toEqual(expect.arrayContaining([
      expect.stringMatching(/^c2\.yaml:9: channels\.amazon\.region: /),
      expect.stringMatching(/^c2\.yaml:8: channels\.amazon\.marketplace_ids: /),
      'c2.yaml:5: channels.amazon.seller_id: required',
      'c2.yaml:5: channels.amazon.refresh_token: required',
    ]));
    await expect(createConnector(config, '/x', 'nope', log)).rejects.toThrow('No channel "nope" in c2.yaml.');
  });
});

describe('empty blocks and YAML syntax errors', () => {
  it('reads an empty channels:, suppliers:, schedules: block as empty', () => {
    const { config } = parseConfig(`${LOCS}channels:\nsuppliers:\n# suppliers: commented\nschedules:\nalerts:\nlog:\n`, '/x/config.yaml', {});
    expect(config.channels).toEqual({});
    expect(config.suppliers).toEqual({});
    expect(config.schedules).toEqual({});
    expect(config.log.file).toBe('logs/omni.log');
  });

  it('names the line and column of a syntax error, at the key rather than a comment above it', () => {
    expect(problems(`${LOCS}channels: {}\n# Shopify\n\n  shopify:\n    type: shopify\n`))
      .toEqual(['config.yaml:7:3: All mapping items must start at the same column']);
    expect(problems('a:\n\tb: 1\n', '/x/c2.yaml')).toEqual(['c2.yaml:2:1: Tabs are not allowed as indentation']);
  });
});

/** Uncomment one example block of the example config: drop the leading `#` of exactly its lines. */
function uncomment(text: string, first: string): string {
  const lines = text.split('\n');
  let i = lines.indexOf(first);
  expect(i).toBeGreaterThan(0);
  while (lines[i]!.startsWith('#  ')) { lines[i] = lines[i]!.slice(1); i++; }
  return lines.join('\n');
}

describe('the CLI', () => {
  it('uncommenting an example block of config.example.yaml gives valid YAML', () => {
    const example = readFileSync(path.join(ROOT, 'config.example.yaml'), 'utf8');
    for (const block of ['#  shopify:', '#  amazon:', '#  pos:']) {
      const env = { SHOPIFY_ACCESS_TOKEN: 'shpat_0123456789', AMAZON_CLIENT_ID: 'id', AMAZON_CLIENT_SECRET: 'secret-123456', AMAZON_REFRESH_TOKEN: 'refresh-123456' };
      const { config } = parseConfig(uncomment(example, block), '/x/config.yaml', env);
      expect(Object.keys(config.channels)).toEqual([block.slice(3, -1)]);
    }
    const { config } = parseConfig(uncomment(example, '#  acme:'), '/x/config.yaml', {});
    expect(Object.keys(config.suppliers)).toEqual(['acme']);
  });

  it('omni init, then uncommenting the shopify example: doctor parses it and names the missing env var', () => {
    const d = dir();
    expect(omni(d, ['init']).code).toBe(0);
    const file = path.join(d, 'config.yaml');
    writeFileSync(file, uncomment(readFileSync(file, 'utf8'), '#  shopify:'));
    const r = omni(d, ['doctor'], { SHOPIFY_ACCESS_TOKEN: '' });
    expect(r.stdout).toMatch(/FAIL\s+config: config\.yaml has 1 problem\.\n\s+config\.yaml:\d+: channels\.shopify\.access_token: environment variable SHOPIFY_ACCESS_TOKEN is not set/);
    expect(r.stdout).not.toMatch(/not valid YAML/);
  });

  it('a typo in a channel block fails every command that loads the config, naming the -c file', () => {
    const d = dir();
    expect(omni(d, ['init']).code).toBe(0);
    const text = uncomment(readFileSync(path.join(d, 'config.yaml'), 'utf8'), '#  shopify:').replace('    buffer: 1\n', '    bufer: 1\n');
    writeFileSync(path.join(d, 'c2.yaml'), text);
    const env = { SHOPIFY_ACCESS_TOKEN: 'shpat_0123456789' };
    const line = text.split('\n').indexOf('    bufer: 1') + 1;
    const expected = `c2.yaml:${line}: channels.shopify.bufer: unknown key (did you mean buffer?)`;
    const doctor = omni(d, ['-c', 'c2.yaml', 'doctor'], env);
    expect(doctor.code).not.toBe(0);
    expect(doctor.stdout).toContain(expected);
    expect(doctor.stdout).not.toMatch(/config\.yaml/);
    for (const args of [['stock'], ['sync', '--all', '--dry-run']]) {
      const r = omni(d, ['-c', 'c2.yaml', ...args], env);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(expected);
    }
    // fixed, it loads
    writeFileSync(path.join(d, 'c2.yaml'), text.replace('    bufer: 1\n', '    buffer: 1\n'));
    expect(omni(d, ['-c', 'c2.yaml', 'stock'], env).code).toBe(0);
  });

  it('a syntax error names the -c file, its line and column, exit 2', () => {
    const d = dir();
    writeFileSync(path.join(d, 'c2.yaml'), `${LOCS}channels: {}\n# Shopify\n  shopify:\n    type: shopify\n`);
    const r = omni(d, ['-c', 'c2.yaml', 'stock']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('c2.yaml is not valid YAML');
    expect(r.stderr).toContain('c2.yaml:6:3: All mapping items must start at the same column');
  });
});
