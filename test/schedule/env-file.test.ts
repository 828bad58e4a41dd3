// The secrets file of scheduled runs: read by omni itself (never sourced by a shell), so a real
// Amazon token (Atzr|IwEBI…) reaches the job as written; the template names only the variables
// config.yaml's values use (not ones in comments), and states the format.
import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { workspace, withMaster, cleanup, omni, tempDir } from '../support/workspace.js';
import { parseEnvFile, loadEnvFile } from '../../src/app/schedule/env-file.js';
import { configVariables, ENV_FILE_HEADER } from '../../src/app/schedule/install-common.js';
import { logLines } from './helpers.js';

let dir = '';
const extra: string[] = [];
afterEach(() => { if (dir) cleanup(dir); dir = ''; for (const d of extra.splice(0)) cleanup(d); });
const ROOT_TMP = () => { const d = tempDir(); extra.push(d); return d; };

const TOKEN = 'Atzr|IwEBIJ$HOME`id`;x&&y\\n#no-comment-here+/=';

describe('env file format', () => {
  it.each([
    ['plain, with shell metacharacters taken literally', `AMAZON_REFRESH_TOKEN=${TOKEN}`, { AMAZON_REFRESH_TOKEN: TOKEN }],
    ['spaces around the value dropped, inside kept', 'A =  two words  ', { A: 'two words' }],
    ['double quotes: kept spaces, nothing escaped', 'A=" x\\n$y # z "', { A: ' x\\n$y # z ' }],
    ["single quotes", "A='it\"s | $x'", { A: 'it"s | $x' }],
    ['a comment after an unquoted value (space before #)', 'A=abc # the shop token\nB="q" # also', { A: 'abc', B: 'q' }],
    ['# without a space before it is part of the value', 'A=abc#def', { A: 'abc#def' }],
    ['comments, blank lines, export, CRLF and a BOM', '\uFEFF# c\r\n\r\n  # indented\r\nexport A=1\r\nB=\r\n', { A: '1', B: '' }],
    ['= inside a value', 'URL=https://h/x?a=1&b=2', { URL: 'https://h/x?a=1&b=2' }],
    ['the last of two wins', 'A=1\nA=2', { A: '2' }],
  ])('%s', (_what, text, vars) => {
    expect(parseEnvFile(text)).toEqual({ vars, problems: [] });
  });

  it('names bad lines by number, never by their content (it may be a secret)', () => {
    const secret = 'Atzr|IwEBI-pasted-alone';
    const r = parseEnvFile(['# ok', secret, 'A="open', "B='x'y", '1A=x', 'C=fine'].join('\n'), 'omni.env');
    expect(r.vars).toEqual({ C: 'fine' });
    expect(r.problems).toEqual([
      'omni.env:2: not NAME=value (a name is letters, digits and _, not starting with a digit)',
      'omni.env:3: A: the double quote is not closed (a value is one line; nothing is escaped inside quotes)',
      'omni.env:4: B: text after the closing quote (quote the whole value, or none of it)',
      'omni.env:5: not NAME=value (a name is letters, digits and _, not starting with a digit)',
    ]);
    expect(r.problems.join('\n')).not.toContain(secret);
  });

  it('loading: the environment wins over the file; a missing or bad file is a usage error (exit 2)', () => {
    dir = withMaster(workspace());
    const file = path.join(dir, 'omni.env');
    writeFileSync(file, `T=${TOKEN}\nU=from-file\n`);
    const env: NodeJS.ProcessEnv = { T: 'set-in-shell' };
    expect(loadEnvFile(file, env)).toEqual(['U']);
    expect(env).toEqual({ T: 'set-in-shell', U: 'from-file' });
    expect(() => loadEnvFile(path.join(dir, 'nope.env'), {})).toThrow(expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/nope\.env does not exist/) }));
    writeFileSync(file, 'just-a-token\n');
    expect(() => loadEnvFile(file, {})).toThrow(expect.objectContaining({ exitCode: 2, details: ['omni.env:1: not NAME=value (a name is letters, digits and _, not starting with a digit)'] }));
  });

  it('the template header states the format the reader implements', () => {
    const text = ENV_FILE_HEADER.join('\n');
    expect(text).toContain('#   NAME=value');
    expect(text).toMatch(/no quotes needed/);
    // every line of the header is a comment to the reader
    expect(parseEnvFile(text)).toEqual({ vars: {}, problems: [] });
  });
});

describe('omni.env beside the config, read by every command', () => {
  it('doctor in a terminal finds the secrets there (| and $ as written); the environment still wins; no value is printed', () => {
    dir = workspace(CONFIG.replace('    stock_from: [store]', '    endpoint: http://127.0.0.1:9\n    lwa_endpoint: http://127.0.0.1:9\n    stock_from: [store]'));
    const without = omni(dir, ['doctor']);
    expect(without.code).toBe(2);
    expect(without.stdout).toContain('environment variable AMAZON_REFRESH_TOKEN is not set (put AMAZON_REFRESH_TOKEN=… in omni.env beside the config');

    writeFileSync(path.join(dir, 'omni.env'), `AMAZON_CLIENT_SECRET=amzn1.oa2-cs.v1.secret|with$pipe\nAMAZON_REFRESH_TOKEN=${TOKEN}\n`, { mode: 0o600 });
    const withFile = omni(dir, ['doctor']);
    expect(withFile.stdout).toMatch(/PASS\s+config/);
    expect(withFile.stdout + withFile.stderr).not.toMatch(/IwEBIJ|secret\|with/);
    // -c from elsewhere: the file beside that config is the one read
    const elsewhere = omni(ROOT_TMP(), ['-c', path.join(dir, 'config.yaml'), 'doctor']);
    expect(elsewhere.stdout).toMatch(/PASS\s+config/);

    // an empty value in the environment wins over the file (and is reported as not set)
    const override = omni(dir, ['doctor'], { AMAZON_REFRESH_TOKEN: '' });
    expect(override.stdout).toContain('environment variable AMAZON_REFRESH_TOKEN is not set');
    expect(override.stdout).not.toContain('AMAZON_CLIENT_SECRET is not set');
  });

  it('a broken omni.env stops any command with its line (exit 2)', () => {
    dir = workspace();
    writeFileSync(path.join(dir, 'omni.env'), 'just-a-token\n');
    const r = omni(dir, ['stock']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('omni.env:1: not NAME=value');
  });
});

describe('the variables config.yaml uses', () => {
  it('come from YAML values only: not from comments, keys or block text after #', () => {
    expect(configVariables(`# alerts:
#   webhook: \${ALERT_WEBHOOK_URL}
channels:
  amazon: { type: amazon, refresh_token: "\${AMAZON_REFRESH_TOKEN}" }  # was \${ENV_VAR}
  shopify:
    access_token: \${SHOPIFY_TOKEN}
    list: [a, "\${IN_A_LIST}"]
\${NOT_A_VALUE}: 1
note: |
  text \${IN_BLOCK} # not a comment inside a block scalar
`)).toEqual(['AMAZON_REFRESH_TOKEN', 'IN_A_LIST', 'IN_BLOCK', 'SHOPIFY_TOKEN']);
  });
});

// An Amazon channel whose token comes from omni.env, a product at its reorder point (so every run
// raises the low-stock alert) and an alert command that writes what the job's environment held.
const CONFIG = `database: omni.sqlite
timezone: UTC
locations:
  - { code: store, kind: store }
channels:
  amazon:
    type: amazon
    seller_id: A1SELLER
    marketplace_ids: [A1PA6795UKMFR9]
    client_id: amzn1.application-oa2-client.test
    client_secret: \${AMAZON_CLIENT_SECRET}
    refresh_token: \${AMAZON_REFRESH_TOKEN}
    stock_from: [store]
# alerts:
#   webhook: \${ALERT_WEBHOOK_URL}    (commented out: not asked for in omni.env)
alerts:
  command: printenv AMAZON_REFRESH_TOKEN > token-seen.txt
schedules:
  low:
    cron: "0 6 * * *"
    command: "report low-stock"
`;

describe('omni schedule install --cron, run by /bin/sh as cron would', () => {
  it('a real Amazon token (| $ ` ; & in it) reaches the job unchanged; the run is journalled; no secret in the logs', () => {
    dir = withMaster(workspace(CONFIG));
    const envFile = path.join(dir, 'omni.env');
    // First install: no secrets anywhere yet. The env file is created (private), naming what is needed
    // (whether the install itself gets further without the secrets is up to the config loader).
    omni(dir, ['schedule', 'install', '--cron']);
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    const template = readFileSync(envFile, 'utf8');
    expect(template).toContain('# AMAZON_CLIENT_SECRET=\n# AMAZON_REFRESH_TOKEN=\n');
    expect(template).not.toMatch(/ALERT_WEBHOOK_URL|ENV_VAR/);

    // The user fills it in as the header says: NAME=value, pasted as is.
    writeFileSync(envFile, `${template}AMAZON_CLIENT_SECRET=amzn1.oa2-cs.v1.secret|with$pipe\nAMAZON_REFRESH_TOKEN=${TOKEN}\n`);
    // a product at its reorder point: each run raises the low-stock alert, whose command records the token
    expect(omni(dir, ['products', 'add', 'MUG-1', '-t', 'Mug', '--reorder-point', '2'], { AMAZON_CLIENT_SECRET: 'x', AMAZON_REFRESH_TOKEN: 'y' }).code).toBe(0);
    const r = omni(dir, ['--json', 'schedule', 'install', '--cron']);
    expect(r.code, r.stderr).toBe(0);
    const line = (JSON.parse(r.stdout) as { lines: string[] }).lines.find((l) => !l.startsWith('#') && !l.startsWith('CRON_TZ'))!;
    expect(line).not.toMatch(/(^|\s)\.\s/); // nothing is sourced
    expect(line).toContain(`--env-file ${envFile}`);

    // cron: /bin/sh -c with a bare environment
    const sh = spawnSync('/bin/sh', ['-c', line.split(' ').slice(5).join(' ')], { cwd: '/', encoding: 'utf8', env: { PATH: '/usr/bin:/bin', HOME: dir } });
    expect(sh.status, `${sh.stderr}\n${existsSync(path.join(dir, 'logs', 'cron.log')) ? readFileSync(path.join(dir, 'logs', 'cron.log'), 'utf8') : ''}`).toBe(0);
    expect(readFileSync(path.join(dir, 'token-seen.txt'), 'utf8')).toBe(`${TOKEN}\n`);
    const journal = omni(dir, ['--json', 'runs'], { AMAZON_CLIENT_SECRET: 'x', AMAZON_REFRESH_TOKEN: 'y' });
    const runs = (JSON.parse(journal.stdout) as { runs: { job: string; status: string }[] }).runs.filter((x) => x.job === 'schedule:low');
    expect(runs.map((x) => x.status)).toEqual(['ok']);
    const logs = JSON.stringify(logLines(path.join(dir, 'logs', 'omni.log'))) + readFileSync(path.join(dir, 'logs', 'cron.log'), 'utf8');
    expect(logs).not.toContain('IwEBIJ');
    expect(logs).not.toContain('secret|with$pipe');
  });

  it('a broken env file stops the run with its line number (exit 2), in cron.log', () => {
    dir = withMaster(workspace(CONFIG));
    writeFileSync(path.join(dir, 'omni.env'), `AMAZON_REFRESH_TOKEN="${TOKEN}\n`, { mode: 0o600 });
    const r = omni(dir, ['--quiet', 'schedule', 'run', '--job', 'low', '--env-file', path.join(dir, 'omni.env')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('omni.env:1: AMAZON_REFRESH_TOKEN: the double quote is not closed');
    expect(r.stderr).not.toContain('IwEBIJ');
  });
});
