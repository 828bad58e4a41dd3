// The SQLite dialect that drizzle's SQLite builder and src/db write, said in PostgreSQL. Only the
// handful of forms omni uses, each a plain textual rewrite outside string literals and quoted
// names; anything with no clean equivalent is written per engine in src/db instead (see `isPg`).
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { is } from 'drizzle-orm';
import * as schema from '../schema.js';

export interface Translated {
  sql: string;
  /** For `@name` parameters (bound from one object, as better-sqlite3 does): the name of each $n. */
  names: string[];
}

const cache = new Map<string, Translated>();

/** Autoincrement keys per table: SQLite numbers a NULL there, PostgreSQL needs DEFAULT. */
const SERIAL = new Map<string, string>();
/** Primary key columns per table: the conflict target of SQLite's INSERT OR REPLACE. */
const PRIMARY = new Map<string, string[]>();
for (const t of Object.values(schema) as unknown[]) {
  if (!is(t, SQLiteTable)) continue;
  const cfg = getTableConfig(t);
  for (const c of cfg.columns) if ((c as unknown as { autoIncrement?: boolean }).autoIncrement) SERIAL.set(cfg.name, c.name);
  PRIMARY.set(cfg.name, [...cfg.columns.filter((c) => c.primary).map((c) => c.name), ...cfg.primaryKeys.flatMap((k) => k.columns.map((c) => c.name))]);
}

export function toPostgres(sql: string): string {
  return translate(sql).sql;
}

export function translate(sql: string): Translated {
  const hit = cache.get(sql);
  if (hit !== undefined) return hit;
  const out = rewrite(sql);
  if (cache.size > 2000) cache.clear();
  cache.set(sql, out);
  return out;
}

/** Splits SQL into code and quoted parts ('text', "name", comments) so rewrites touch code only. */
function segments(sql: string): { code: boolean; text: string }[] {
  const parts: { code: boolean; text: string }[] = [];
  let i = 0;
  let start = 0;
  const push = (end: number, code: boolean) => { if (end > start) parts.push({ code, text: sql.slice(start, end) }); start = end; };
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      push(i, true);
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) break;
        if (sql[j] === c) { if (sql[j + 1] === c) { j += 2; continue; } break; }
        j++;
      }
      i = j + 1;
      push(Math.min(i, sql.length), false);
    } else if (c === '-' && sql[i + 1] === '-') {
      push(i, true);
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl;
      push(i, false);
    } else {
      i++;
    }
  }
  push(sql.length, true);
  return parts;
}

function rewrite(sql: string): Translated {
  let n = 0;
  let ignore = false;
  const names: string[] = [];
  const segs = segments(sql);
  // SQLite keeps an alias's case (`AS onHand`); PostgreSQL folds it (`onhand`) unless quoted. The
  // mixed-case aliases a statement defines are quoted wherever they appear bare in it.
  const aliases = new Set<string>();
  for (const p of segs) if (p.code) for (const m of p.text.matchAll(/\bAS\s+([a-z][a-z0-9_]*[A-Z][A-Za-z0-9_]*)\b/gi)) if (/[a-z]/.test(m[1]![0]!) && /[A-Z]/.test(m[1]!)) aliases.add(m[1]!);
  const aliasRe = aliases.size ? new RegExp(`(?<![."\\w@$])\\b(${[...aliases].join('|')})\\b(?!\\s*\\()`, 'g') : undefined;
  const parts = segs.map((p) => {
    if (!p.code) return p.text;
    let t = p.text.replace(/\?/g, () => `$${++n}`);
    if (aliasRe) t = t.replace(aliasRe, '"$1"');
    t = t.replace(/@([A-Za-z_][A-Za-z0-9_]*)/g, (_m, name: string) => {
      const at = names.indexOf(name);
      if (at >= 0) return `$${at + 1}`;
      names.push(name);
      return `$${names.length}`;
    });
    // SQLite's `a IS b` / `a IS NOT b` compare values null-safely; PostgreSQL spells it DISTINCT.
    t = t.replace(/\bIS\s+NOT\s+(?!NULL\b|TRUE\b|FALSE\b|DISTINCT\b)/gi, 'IS DISTINCT FROM ');
    t = t.replace(/\bIS\s+(?!NOT\b|NULL\b|TRUE\b|FALSE\b|DISTINCT\b)/gi, 'IS NOT DISTINCT FROM ');
    // SQLite's CROSS JOIN … ON fixes the join order; PostgreSQL writes an inner join (and plans it).
    t = t.replace(/\bCROSS\s+JOIN\s+(\w+(?:\s+(?!ON\b)\w+)?)\s+ON\b/gi, 'JOIN $1 ON');
    // A JSON array as a table (the only use of json_each here): one `value` column either way.
    t = t.replace(/\bjson_each\s*\(/gi, 'json_array_elements_text(');
    // SQLite's unary + (keeps an index out of a plan) has no text form in PostgreSQL.
    t = t.replace(/\b(AND|OR|WHERE|ON|NOT|WHEN|THEN|ELSE)(\s+)\+(?=[A-Za-z_"])/gi, '$1$2').replace(/([(,]\s*)\+(?=[A-Za-z_"])/g, '$1');
    if (/\binsert\s+or\s+ignore\s+into\b/i.test(t)) { ignore = true; t = t.replace(/\binsert\s+or\s+ignore\s+into\b/gi, 'insert into'); }
    t = t.replace(/\bbegin\s+(immediate|exclusive|deferred)\b/gi, 'begin');
    t = t.replace(/\bifnull\s*\(/gi, 'coalesce(');
    t = t.replace(/\bnot\s+like\b/gi, 'not ilike').replace(/(?<!not\s+|i)\blike\b/gi, 'ilike');
    t = t.replace(/\bas\s+real\b/gi, 'as double precision');
    return t;
  });
  let out = parts.join('');
  out = insertOrReplace(out);
  out = functionRewrites(out);
  out = serialDefaults(out);
  // A conflict target names bare columns in PostgreSQL; drizzle's SQLite builder qualifies them.
  out = out.replace(/\bon conflict\s*\(([^)]*)\)/gi, (_m, cols: string) => `on conflict (${cols.replace(/"[^"]+"\."([^"]+)"/g, '"$1"')})`);
  if (ignore) {
    const m = /\breturning\b/i.exec(out);
    out = m ? `${out.slice(0, m.index)} on conflict do nothing ${out.slice(m.index)}` : `${out.replace(/;\s*$/, '')} on conflict do nothing`;
  }
  return { sql: out, names };
}

/**
 * Function calls whose PostgreSQL form differs in name or arguments: scalar max/min of two or more
 * values (greatest/least; the one-argument forms are aggregates in both), group_concat (string_agg).
 */
function functionRewrites(sql: string): string {
  const re = /\b(max|min|group_concat)\s*\(/gi;
  let out = '';
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(sql))) {
    if (inQuote(sql, m.index)) continue;
    const open = m.index + m[0].length - 1;
    const close = matching(sql, open);
    if (close < 0) continue;
    const args = splitArgs(sql.slice(open + 1, close));
    const name = m[1]!.toLowerCase();
    let replacement: string | undefined;
    if ((name === 'max' || name === 'min') && args.length > 1) {
      replacement = `${name === 'max' ? 'greatest' : 'least'}(${args.map(functionRewrites).join(', ')})`;
    } else if (name === 'group_concat') {
      const inner = functionRewrites(args[0]!);
      const distinct = /^\s*distinct\s+/i.test(inner);
      replacement = `string_agg(${distinct ? 'distinct ' : ''}(${inner.replace(/^\s*distinct\s+/i, '')})::text, ${args[1] ?? "','"})`;
    }
    if (replacement === undefined) continue;
    out += sql.slice(last, m.index) + replacement;
    last = close + 1;
    re.lastIndex = close + 1;
  }
  return out + sql.slice(last);
}

function inQuote(sql: string, at: number): boolean {
  let pos = 0;
  for (const s of segments(sql)) {
    if (at < pos + s.text.length) return !s.code;
    pos += s.text.length;
  }
  return false;
}

function matching(sql: string, open: number): number {
  let depth = 0;
  for (let i = open; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'" || c === '"') { const j = sql.indexOf(c, i + 1); if (j < 0) return -1; i = j; continue; }
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

function splitArgs(s: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "'" || c === '"') { const j = s.indexOf(c, i + 1); if (j >= 0) i = j; continue; }
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) { args.push(s.slice(start, i)); start = i + 1; }
  }
  args.push(s.slice(start));
  return args.map((a) => a.trim());
}

/** `insert into "t" ("id", …) values (null, …)` → `(default, …)` for t's autoincrement key. */
function serialDefaults(sql: string): string {
  const m = /^\s*insert into "(\w+)" \(([^)]*)\) values /i.exec(sql);
  if (!m) return sql;
  const serial = SERIAL.get(m[1]!);
  if (!serial) return sql;
  const at = m[2]!.split(',').map((c) => c.trim().replace(/"/g, '')).indexOf(serial);
  if (at < 0) return sql;
  let out = sql.slice(0, m[0].length);
  let i = m[0].length;
  for (;;) {
    while (sql[i] === ' ' || sql[i] === ',') out += sql[i++];
    if (sql[i] !== '(') break;
    const close = matching(sql, i);
    if (close < 0) return sql;
    const args = splitArgs(sql.slice(i + 1, close));
    if (args[at]?.toLowerCase() === 'null') args[at] = 'default';
    out += `(${args.join(', ')})`;
    i = close + 1;
  }
  return out + sql.slice(i);
}

/** INSERT OR REPLACE INTO t (cols) … → INSERT … ON CONFLICT (t's key) DO UPDATE SET each other column. */
function insertOrReplace(sql: string): string {
  const m = /^\s*insert\s+or\s+replace\s+into\s+"?(\w+)"?\s*\(([^)]*)\)/i.exec(sql);
  if (!m) return sql;
  const key = PRIMARY.get(m[1]!);
  if (!key || key.length === 0) return sql;
  const cols = m[2]!.split(',').map((c) => c.trim().replace(/"/g, ''));
  const rest = cols.filter((c) => !key.includes(c));
  const action = rest.length ? `do update set ${rest.map((c) => `"${c}" = excluded."${c}"`).join(', ')}` : 'do nothing';
  const body = sql.replace(/^\s*insert\s+or\s+replace\s+into/i, 'insert into').replace(/;\s*$/, '');
  const r = /\breturning\b/i.exec(body);
  const conflict = ` on conflict (${key.map((k) => `"${k}"`).join(', ')}) ${action} `;
  return r ? body.slice(0, r.index) + conflict + body.slice(r.index) : body + conflict;
}
