// config.yaml → a validated Config. Every problem is collected with its key path and line,
// e.g. `config.yaml:14: channels.shopify.access_token: environment variable SHOPIFY_TOKEN is not set`.
// Messages name the file actually loaded (`-c c2.yaml` → `c2.yaml:14: …`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isScalar, isMap, isSeq, isPair, visit, type Node, type Pair, type Document } from 'yaml';
import type { z } from 'zod';
import { usageError } from '../core/errors.js';
import { configSchema, type Config } from './schema.js';
import { crossFieldProblems } from './rules.js';
import { redactor, SECRET_KEY } from './redact.js';
import { closestKey } from './suggest.js';
import { channelKeys, commonChannelKeys } from './connector-schemas.js';

export interface LoadedConfig {
  config: Config;
  /** Absolute path of the config file. */
  file: string;
  /** Folder of the config file: relative paths in it are resolved from here. */
  dir: string;
}

type Env = Record<string, string | undefined>;
type Key = string | number;

export interface LoadOptions {
  /**
   * A channel's missing `${SECRET}` is reported when that channel is used (sync, doctor), not when
   * the config loads: `omni stock` in a shell without the cron job's secrets must still work.
   */
  deferChannelSecrets?: boolean;
}

export function loadConfig(file: string, env: Env = process.env, opts: LoadOptions = {}): LoadedConfig {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch {
    throw usageError(`No config file at ${abs}.`, 'Run `omni init` to write one, or pass --config PATH.');
  }
  return parseConfig(text, abs, env, opts);
}

/** Where a loaded config came from: its file name and the YAML nodes, to put lines on later problems. */
class ConfigSource {
  constructor(readonly name: string, private readonly doc: Document, private readonly lines: LineCounter) {}

  private lineAt(offset: number | undefined): number | undefined {
    return offset === undefined ? undefined : this.lines.linePos(offset).line;
  }

  /** The pair holding `keys` (for a map entry) and its value node, or undefined when absent. */
  private find(keys: readonly Key[]): { pair?: Pair; node: unknown } | undefined {
    let node: unknown = this.doc.contents;
    let pair: Pair | undefined;
    for (const k of keys) {
      if (isMap(node)) {
        pair = node.items.find((p) => keyName(p) === String(k));
        if (!pair) return undefined;
        node = pair.value;
      } else if (isSeq(node) && typeof k === 'number') {
        pair = undefined;
        node = node.items[k];
        if (node === undefined) return undefined;
        if (isPair(node)) { pair = node; node = node.value; }
      } else {
        return undefined;
      }
    }
    return { ...(pair ? { pair } : {}), node };
  }

  private nodeLine(node: unknown): number | undefined {
    return (node as Node | null)?.range ? this.lineAt((node as Node).range![0]) : undefined;
  }

  /** `config.yaml:14` for the value at `keys` (its key's line when the value is empty). */
  at(keys: readonly Key[]): string {
    const found = this.find(keys);
    const line = found ? this.nodeLine(found.node) ?? this.nodeLine(found.pair?.key) : undefined;
    return line ? `${this.name}:${line}` : this.name;
  }

  /** The line of the key itself (`bufer:`), for a key that should not be there. */
  atKey(keys: readonly Key[]): string {
    const found = this.find(keys);
    const line = this.nodeLine(found?.pair?.key) ?? this.nodeLine(found?.node);
    return line ? `${this.name}:${line}` : this.at(keys.slice(0, -1));
  }

  /** A key that is missing has no node: point at the nearest ancestor that exists, at its key's line. */
  atNearest(keys: readonly Key[]): string {
    for (let n = keys.length; n > 0; n--) {
      const found = this.find(keys.slice(0, n));
      if (found) {
        const line = this.nodeLine(found.pair?.key) ?? this.nodeLine(found.node);
        if (line) return `${this.name}:${line}`;
      }
    }
    const line = this.nodeLine(this.doc.contents);
    return line ? `${this.name}:${line}` : this.name;
  }

  /** One line per zod issue, keys prefixed with `base` (e.g. ['channels', 'shopify']). */
  describe(issue: z.core.$ZodIssue, base: readonly Key[] = [], schema?: z.ZodType): string[] {
    const keys = [...base, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    const keyPath = keys.join('.') || '(top level)';
    if (issue.code === 'unrecognized_keys') {
      const known = schema ? knownKeysAt(schema, issue.path) : undefined;
      return issue.keys.map((k) => {
        const guess = known ? closestKey(k, known) : undefined;
        return `${this.atKey([...keys, k])}: ${keyPath}: unknown key "${k}" (${guess ? `did you mean ${guess}?` : 'check the spelling against config.example.yaml'})`;
      });
    }
    if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return [`${this.atNearest(keys)}: ${keyPath}: required`];
    return [`${this.find(keys) ? this.at(keys) : this.atNearest(keys)}: ${keyPath}: ${issue.message}`];
  }
}

const sources = new WeakMap<object, ConfigSource>();

/** The name of the file a config was loaded from (`config.yaml` for one built in code). */
export function configFileName(config: Config): string {
  return sources.get(config)?.name ?? 'config.yaml';
}

/**
 * Problems found after loading (a connector's own schema) as `file:line: key.path: message`, the
 * same form as the loader's. `base` is where the checked value sits, e.g. ['channels', 'shopify'].
 */
export function describeConfigIssues(config: Config, base: readonly Key[], issues: readonly z.core.$ZodIssue[], schema?: z.ZodType): string[] {
  const source = sources.get(config);
  if (!source) {
    return issues.map((i) => `${[...base, ...i.path.map(String)].join('.')}: ${i.code === 'invalid_type' && /received undefined/.test(i.message) ? 'required' : i.message}`);
  }
  return issues.flatMap((i) => source.describe(i, base, schema)).map((p) => redactor.redact(p));
}

/** `config.yaml:3` for the value at `keys` (just the file name for a config built in code). */
export function configLine(config: Config, keys: readonly Key[]): string {
  return sources.get(config)?.at(keys) ?? 'config.yaml';
}

const missingChannelSecrets = new WeakMap<object, Map<string, string[]>>();

/** The deferred "environment variable … is not set" problems of one channel, as file:line: key: message. */
export function channelEnvProblems(config: Config, channel: string): string[] {
  return missingChannelSecrets.get(config)?.get(channel) ?? [];
}

export function parseConfig(text: string, file: string, env: Env = process.env, opts: LoadOptions = {}): LoadedConfig {
  const name = path.basename(file);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });

  if (doc.errors.length > 0) {
    const details = doc.errors.map((e) => {
      const pos = e.pos?.[0] !== undefined ? lines.linePos(syntaxErrorOffset(text, e.pos[0])) : undefined;
      return `${pos ? `${name}:${pos.line}:${pos.col}` : name}: ${e.message.split('\n')[0]}`;
    });
    throw usageError(`${name} is not valid YAML.`, 'Fix the lines named above; YAML is strict about indentation (the keys of one block start in the same column, spaces only).', details);
  }

  const source = new ConfigSource(name, doc, lines);
  const problems: string[] = [];
  const deferred = new Map<string, string[]>();
  interpolateEnv(doc, env, (keys, msg) => {
    const problem = `${source.at(keys)}: ${keys.join('.')}: ${msg}`;
    const channel = keys[0] === 'channels' && typeof keys[1] === 'string' ? keys[1] : undefined;
    if (opts.deferChannelSecrets && channel) deferred.set(channel, [...(deferred.get(channel) ?? []), problem]);
    else problems.push(problem);
  });

  const raw: unknown = toPlain(doc, name, lines);
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(...source.describe(issue, [], configSchema));
  } else {
    for (const p of crossFieldProblems(parsed.data)) problems.push(`${source.at(p.path)}: ${p.path.join('.')}: ${p.message}`);
  }
  problems.push(...unknownChannelKeys(raw, source));
  if (problems.length > 0 || !parsed.success) {
    throw usageError(`${name} has ${problems.length} problem${problems.length === 1 ? '' : 's'}.`,
      'Fix each line named above, then run `omni doctor`.', problems.map((p) => redactor.redact(p)));
  }
  sources.set(parsed.data, source);
  if (deferred.size > 0) missingChannelSecrets.set(parsed.data, deferred);
  return { config: parsed.data, file, dir: path.dirname(file) };
}

/**
 * A channel block takes the common keys (type, stock_from, buffer, …) and its connector's keys,
 * nothing else: a misspelt `bufer: 1` would otherwise be ignored and the shop oversells. For a
 * type omni has no connector for, its keys cannot be known: only near-misses of common keys count.
 */
function unknownChannelKeys(raw: unknown, source: ConfigSource): string[] {
  const channels = isRecord(raw) ? raw.channels : undefined;
  if (!isRecord(channels)) return [];
  const problems: string[] = [];
  for (const [name, block] of Object.entries(channels)) {
    if (!isRecord(block)) continue;
    const known = channelKeys(block.type);
    for (const key of Object.keys(block)) {
      if (known?.has(key) || commonChannelKeys.includes(key)) continue;
      const guess = closestKey(key, known ?? commonChannelKeys);
      if (!known && !guess) continue;
      const why = guess ? `did you mean ${guess}?` : `not a setting of a ${String(block.type)} channel; see config.example.yaml`;
      problems.push(`${source.atKey(['channels', name, key])}: channels.${name}.${key}: unknown key (${why})`);
    }
  }
  return problems;
}

/** The keys of the object schema at `at` inside `schema` (best effort, for "did you mean"). */
function knownKeysAt(schema: z.ZodType, at: readonly PropertyKey[]): string[] | undefined {
  let s: unknown = schema;
  const unwrap = (x: unknown): unknown => {
    for (let i = 0; i < 20; i++) {
      const def = (x as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
      if (!def) return x;
      if ('innerType' in def) x = def.innerType;
      else if (def.type === 'pipe') x = (def.in as { _zod?: { def?: { type?: string } } })._zod?.def?.type === 'transform' ? def.out : def.in;
      else return x;
    }
    return x;
  };
  for (const k of at) {
    s = unwrap(s);
    const def = (s as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (def?.type === 'object') s = (def.shape as Record<string, unknown>)[String(k)];
    else if (def?.type === 'record') s = def.valueType;
    else if (def?.type === 'array') s = def.element;
    else return undefined;
    if (!s) return undefined;
  }
  const def = (unwrap(s) as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
  return def?.type === 'object' ? Object.keys(def.shape as object) : undefined;
}

/**
 * The parser reports some indentation errors at the start of the blank or comment lines before
 * the offending key (e.g. a block uncommented under `channels: {}`): name the key's line instead.
 */
function syntaxErrorOffset(text: string, offset: number): number {
  let at = offset;
  if (at !== 0 && text[at - 1] !== '\n') return offset;
  for (;;) {
    const end = text.indexOf('\n', at);
    if (end < 0) return offset;
    if (!/^[ \t]*(#.*)?\r?$/.test(text.slice(at, end))) break;
    at = end + 1;
  }
  if (at === offset) return offset;
  while (text[at] === ' ') at++;
  return at;
}

/**
 * The document as plain values. YAML aliases may repeat a block; nested ones multiply (a "billion
 * laughs" file of a few lines expands to gigabytes). The yaml library stops at `maxAliasCount`
 * expansions; that is bad config at the alias's line, not a bug.
 */
function toPlain(doc: Document, name: string, lines: LineCounter): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    let at: number | undefined;
    visit(doc, { Alias(_key, node) { at = node.range?.[0]; return visit.BREAK; } });
    const pos = at === undefined ? undefined : lines.linePos(at);
    throw usageError(`${name} uses YAML aliases that expand too far.`, 'Write the values out, or use an alias once or twice; omni stops at 100 expansions.',
      [`${pos ? `${name}:${pos.line}:${pos.col}` : name}: ${e.message}`]);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function keyName(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

/**
 * Replace `${NAME}` in string values with the environment variable. A missing variable is a
 * problem at that key; values under secret keys are registered with the redactor.
 */
function interpolateEnv(doc: Document, env: Env, report: (keys: Key[], msg: string) => void): void {
  const visit = (node: unknown, keys: Key[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) visit(pair.value, [...keys, keyName(pair)]);
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item, [...keys, i]));
    } else if (isScalar(node) && typeof node.value === 'string') {
      const replaced = node.value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, varName: string) => {
        const v = env[varName];
        if (v === undefined || v === '') {
          report(keys, `environment variable ${varName} is not set (put ${varName}=… in omni.env beside the config, or set it in the environment)`);
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
