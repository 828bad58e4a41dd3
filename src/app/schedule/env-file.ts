// The secrets file (omni.env beside config.yaml), read by omni itself — by every command before
// the config (see `loadWorkspaceEnv`), and by `omni schedule run --env-file FILE` — never sourced by
// a shell, never parsed by systemd, so a value means the same under cron, systemd and a terminal,
// whatever characters it holds. Format:
//
//   NAME=value        one a line; everything after the first "=" is the value, taken literally
//                     (| $ ` \ ' " and # inside it are ordinary characters); spaces around it are dropped
//   NAME="value"      the same, in "…" or '…': keeps leading/trailing spaces; nothing is escaped inside
//   # comment         a line starting with #; also " # …" after an unquoted value (a # with a space before it)
//   export NAME=value the "export " is ignored (files written for a shell still read)
//
// A line that is none of these is a problem named by line number (never by content: it may be a
// secret). Values are one line. A variable already set in the environment wins over the file: the
// file is the default, `SHOPIFY_ACCESS_TOKEN=… omni sync` a one-off override.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { usageError } from '../../core/errors.js';
import { redactor } from '../../config/redact.js';

export interface EnvFileContent {
  vars: Record<string, string>;
  /** `omni.env:LINE: what is wrong`, without the line's text. */
  problems: string[];
}

const ASSIGNMENT = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/;

export function parseEnvFile(text: string, name = 'omni.env'): EnvFileContent {
  const vars: Record<string, string> = {};
  const problems: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `${name}:${i + 1}`;
    const m = ASSIGNMENT.exec(line);
    if (!m) {
      problems.push(`${where}: not NAME=value (a name is letters, digits and _, not starting with a digit)`);
      return;
    }
    const value = parseValue(m[2]!.trim());
    if (typeof value === 'string') vars[m[1]!] = value;
    else problems.push(`${where}: ${m[1]}: ${value.problem}`);
  });
  return { vars, problems };
}

function parseValue(v: string): string | { problem: string } {
  const q = v[0];
  if (q === '"' || q === "'") {
    const end = v.indexOf(q, 1);
    if (end < 0) return { problem: `the ${q === '"' ? 'double' : 'single'} quote is not closed (a value is one line; nothing is escaped inside quotes)` };
    const rest = v.slice(end + 1).trim();
    if (rest !== '' && !rest.startsWith('#')) return { problem: `text after the closing quote (quote the whole value, or none of it)` };
    return v.slice(1, end);
  }
  const comment = /\s#/.exec(v);
  return (comment ? v.slice(0, comment.index) : v).trimEnd();
}

/** The secrets file that belongs to a config file: omni.env in the same folder. */
export function envFileBeside(configFile: string): string {
  return path.join(path.dirname(path.resolve(configFile)), 'omni.env');
}

/**
 * Every command's first step: read omni.env beside the config into `env`, if the file exists.
 * Returns the names it set (those not already in the environment).
 */
export function loadWorkspaceEnv(configFile: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const file = envFileBeside(configFile);
  return existsSync(file) ? loadEnvFile(file, env) : [];
}

/**
 * Read the env file into `env` (process.env by default): names not already set there are set
 * (the environment wins), and every value is registered with the redactor. Returns the names set.
 * Throws a usage error (exit 2) naming the file when it is missing or has bad lines.
 */
export function loadEnvFile(file: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw usageError(code === 'ENOENT' ? `The env file ${abs} does not exist.` : `Cannot read the env file ${abs}: ${(e as Error).message}`,
      code === 'ENOENT' ? 'Run `omni schedule install` again (it creates it, empty, mode 600), or fix the --env-file path.' : 'It must be readable by the user the jobs run as (mode 600, owned by that user).');
  }
  const { vars, problems } = parseEnvFile(text, path.basename(abs));
  if (problems.length > 0) {
    throw usageError(`${abs} has ${problems.length} problem${problems.length === 1 ? '' : 's'}.`,
      'Write one NAME=value a line (no quotes needed; see the comment at the top of the file).', problems);
  }
  const set: string[] = [];
  for (const [k, v] of Object.entries(vars)) {
    redactor.add(v);
    if (env[k] !== undefined) continue;
    env[k] = v;
    set.push(k);
  }
  return set;
}
