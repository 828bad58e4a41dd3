// config.yaml → a validated Config. Every problem is collected with its key path and line,
// e.g. `config.yaml:14: channels.shopify.access_token: environment variable SHOPIFY_TOKEN is not set`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isScalar, isMap, isSeq, type Node, type Document } from 'yaml';
import type { z } from 'zod';
import { usageError } from '../core/errors.js';
import { configSchema, type Config } from './schema.js';
import { crossFieldProblems } from './rules.js';
import { redactor, SECRET_KEY } from './redact.js';

export interface LoadedConfig {
  config: Config;
  /** Absolute path of the config file. */
  file: string;
  /** Folder of the config file: relative paths in it are resolved from here. */
  dir: string;
}

type Env = Record<string, string | undefined>;

export function loadConfig(file: string, env: Env = process.env): LoadedConfig {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch {
    throw usageError(`No config file at ${abs}.`, 'Run `omni init` to write one, or pass --config PATH.');
  }
  return parseConfig(text, abs, env);
}

export function parseConfig(text: string, file: string, env: Env = process.env): LoadedConfig {
  const name = path.basename(file);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const lineOf = (node: Node | undefined | null) =>
    node?.range ? lines.linePos(node.range[0]).line : undefined;
  const where = (line: number | undefined) => (line ? `${name}:${line}` : name);

  if (doc.errors.length > 0) {
    const details = doc.errors.map((e) => `${where(e.linePos?.[0]?.line)}: ${e.message.split('\n')[0]}`);
    throw usageError(`${name} is not valid YAML.`, 'Fix the lines named below; YAML is strict about indentation.', details);
  }

  const problems: string[] = [];
  interpolateEnv(doc, env, (keyPath, node, msg) => problems.push(`${where(lineOf(node))}: ${keyPath}: ${msg}`));

  const parsed = configSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(describeIssue(issue, doc, lineOf, where));
  } else {
    for (const p of crossFieldProblems(parsed.data)) {
      problems.push(`${where(lineOf(doc.getIn(p.path, true) as Node | undefined))}: ${p.path.join('.')}: ${p.message}`);
    }
  }
  if (problems.length > 0 || !parsed.success) {
    throw usageError(`${name} has ${problems.length} problem${problems.length === 1 ? '' : 's'}.`,
      'Fix each line named below, then run `omni doctor`.', problems.map((p) => redactor.redact(p)));
  }
  return { config: parsed.data, file, dir: path.dirname(file) };
}

/**
 * Replace `${NAME}` in string values with the environment variable. A missing variable is a
 * problem at that key; values under secret keys are registered with the redactor.
 */
function interpolateEnv(doc: Document, env: Env, report: (keyPath: string, node: Node, msg: string) => void): void {
  const visit = (node: unknown, keys: (string | number)[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        visit(pair.value, [...keys, k]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item, [...keys, i]));
    } else if (isScalar(node) && typeof node.value === 'string') {
      const keyPath = keys.join('.');
      const replaced = node.value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, varName: string) => {
        const v = env[varName];
        if (v === undefined || v === '') {
          report(keyPath, node, `environment variable ${varName} is not set (put it in the environment or the service's environment file)`);
          return '';
        }
        return v;
      });
      node.value = replaced;
      const last = keys[keys.length - 1];
      if (typeof last === 'string' && SECRET_KEY.test(last)) redactor.add(replaced);
    }
  };
  visit(doc.contents, []);
}

function describeIssue(
  issue: z.core.$ZodIssue, doc: Document,
  lineOf: (n: Node | undefined | null) => number | undefined, where: (l: number | undefined) => string,
): string {
  const keys = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  // A missing key has no node: point at its parent, the nearest thing that exists.
  let node: Node | undefined;
  for (let n = keys.length; n >= 0 && !node; n--) {
    node = (n === 0 ? doc.contents : doc.getIn(keys.slice(0, n), true)) as Node | undefined;
  }
  let message = issue.message;
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) message = 'required';
  if (issue.code === 'unrecognized_keys') message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling against config.example.yaml)`;
  const keyPath = keys.join('.') || '(top level)';
  return `${where(lineOf(node))}: ${keyPath}: ${message}`;
}
