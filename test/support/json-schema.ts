// A small JSON Schema checker for the documented output shapes in docs/json/ — the subset those
// schemas use, and nothing else: a keyword it does not know is an error, so a schema can never
// rely on a check that silently does not happen.
//
// Keywords: type (string or list; "integer" = a whole number), properties, required,
// additionalProperties (false or a schema), items, enum, const, oneOf, anyOf, minimum, maximum,
// minItems, pattern, format ("date-time": ISO 8601 with an offset; "date": YYYY-MM-DD), $ref
// ("#/$defs/x" or "common.schema.json#/$defs/x"), $defs; $schema, $id, title, description and
// examples are documentation.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type Schema = Record<string, unknown>;

const DOC_KEYS = new Set(['$schema', '$id', 'title', 'description', 'examples', '$defs', '$comment']);
const CHECK_KEYS = new Set(['type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'oneOf', 'anyOf',
  'minimum', 'maximum', 'minItems', 'pattern', 'format', '$ref']);

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Every *.schema.json in a folder, by file name. */
export function loadSchemas(dir: string): Map<string, Schema> {
  const out = new Map<string, Schema>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.schema.json'))) out.set(f, JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Schema);
  return out;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function matchesType(v: unknown, t: string): boolean {
  if (t === 'integer') return typeof v === 'number' && Number.isInteger(v);
  if (t === 'number') return typeof v === 'number' && Number.isFinite(v);
  return typeOf(v) === t;
}

export class SchemaChecker {
  constructor(private readonly schemas: Map<string, Schema>) {}

  /** Problems of `value` against the schema file `file` (empty when it conforms). */
  check(file: string, value: unknown): string[] {
    const root = this.schemas.get(file);
    if (!root) return [`no schema ${file}`];
    const problems: string[] = [];
    this.walk(value, root, file, '$', problems);
    return problems;
  }

  private resolve(ref: string, file: string): [Schema, string] {
    const [target, pointer = ''] = ref.split('#');
    const doc = target ? target : file;
    let node: unknown = this.schemas.get(doc);
    if (!node) throw new Error(`${file}: $ref ${ref}: no schema ${doc}`);
    for (const part of pointer.split('/').filter(Boolean)) node = (node as Record<string, unknown>)[part];
    if (!node || typeof node !== 'object') throw new Error(`${file}: $ref ${ref} points at nothing`);
    return [node as Schema, doc];
  }

  private walk(v: unknown, s: Schema, file: string, at: string, problems: string[]): void {
    for (const k of Object.keys(s)) {
      if (!DOC_KEYS.has(k) && !CHECK_KEYS.has(k)) throw new Error(`${file}: unsupported schema keyword "${k}" at ${at} (see test/support/json-schema.ts)`);
    }
    if (typeof s.$ref === 'string') {
      const [target, doc] = this.resolve(s.$ref, file);
      this.walk(v, target, doc, at, problems);
    }
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
      if (!types.some((t) => matchesType(v, t))) { problems.push(`${at}: ${JSON.stringify(v)?.slice(0, 60)} is not ${types.join(' or ')}`); return; }
    }
    if ('const' in s && JSON.stringify(v) !== JSON.stringify(s.const)) problems.push(`${at}: ${JSON.stringify(v)} is not ${JSON.stringify(s.const)}`);
    if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) problems.push(`${at}: ${JSON.stringify(v)} is not one of ${JSON.stringify(s.enum)}`);
    if (typeof v === 'number') {
      if (typeof s.minimum === 'number' && v < s.minimum) problems.push(`${at}: ${v} < ${s.minimum}`);
      if (typeof s.maximum === 'number' && v > s.maximum) problems.push(`${at}: ${v} > ${s.maximum}`);
    }
    if (typeof v === 'string') {
      if (typeof s.pattern === 'string' && !new RegExp(s.pattern).test(v)) problems.push(`${at}: "${v}" does not match ${s.pattern}`);
      if (s.format === 'date-time' && !DATE_TIME.test(v)) problems.push(`${at}: "${v}" is not an ISO 8601 time with an offset`);
      if (s.format === 'date' && !DATE.test(v)) problems.push(`${at}: "${v}" is not a date YYYY-MM-DD`);
      if (s.format !== undefined && s.format !== 'date-time' && s.format !== 'date') throw new Error(`${file}: unsupported format "${String(s.format)}"`);
    }
    if (Array.isArray(v)) {
      if (typeof s.minItems === 'number' && v.length < s.minItems) problems.push(`${at}: fewer than ${s.minItems} items`);
      if (s.items && typeof s.items === 'object') v.forEach((x, i) => this.walk(x, s.items as Schema, file, `${at}[${i}]`, problems));
    }
    if (typeOf(v) === 'object') {
      const obj = v as Record<string, unknown>;
      const props = (s.properties ?? {}) as Record<string, Schema>;
      for (const r of (s.required ?? []) as string[]) if (!(r in obj)) problems.push(`${at}: missing "${r}"`);
      for (const [k, x] of Object.entries(obj)) {
        if (props[k]) this.walk(x, props[k]!, file, `${at}.${k}`, problems);
        else if (s.additionalProperties === false) problems.push(`${at}: "${k}" is not documented in the schema`);
        else if (s.additionalProperties && typeof s.additionalProperties === 'object') this.walk(x, s.additionalProperties as Schema, file, `${at}.${k}`, problems);
      }
    }
    for (const [kw, list] of [['oneOf', s.oneOf], ['anyOf', s.anyOf]] as const) {
      if (!Array.isArray(list)) continue;
      const passing = (list as Schema[]).map((alt) => { const p: string[] = []; this.walk(v, alt, file, at, p); return p; });
      const ok = passing.filter((p) => p.length === 0).length;
      if (kw === 'oneOf' ? ok !== 1 : ok === 0) {
        problems.push(`${at}: matches ${ok} of the ${kw} alternatives; closest: ${passing.sort((a, b) => a.length - b.length)[0]?.slice(0, 3).join('; ')}`);
      }
    }
  }
}
