// A key the user chose (`-k K`) stands for one command. Its parameters are stored with the
// movement, so running the same command again is a no-op while the same key on another
// movement (MUG -3, then KETTLE -3) is refused, naming the first use, instead of silently dropped.
import { eq } from 'drizzle-orm';
import type { Db } from './open.js';
import { stockMovements } from './schema.js';
import { usageError } from '../core/errors.js';
import { capText } from '../core/text.js';
import type { UserKey } from './ledger.js';

type Params = UserKey['params'];

/** Canonical JSON (keys sorted), so the same parameters always compare equal. */
export function keyParamsText(params: Params): string {
  return JSON.stringify(Object.fromEntries(Object.entries(params).sort(([a], [b]) => a.localeCompare(b))));
}

/** Throws when `key` was first used for other parameters. */
export function assertSameKeyUse(db: Db, idempotencyKey: string, key: UserKey, now: { sku: string; location: string; kind: string; delta: number }): void {
  const first = db.select().from(stockMovements).where(eq(stockMovements.idempotencyKey, idempotencyKey)).get();
  if (!first) return;
  const same = first.keyParams !== null
    ? first.keyParams === keyParamsText(key.params)
    // booked before keys kept their parameters: compare what the movement itself shows
    : first.sku === now.sku && first.location === now.location && first.kind === now.kind && (first.kind === 'count' || first.delta === now.delta);
  if (same) return;
  const was = first.keyParams !== null ? describe(JSON.parse(first.keyParams) as Params) : `${first.kind} ${first.sku} ${signed(first.delta)} at ${first.location}`;
  throw usageError(
    `The key "${capText(key.key, 80)}" was already used on ${first.createdAt} for ${was}; this command is ${describe(key.params)}. Nothing was changed.`,
    'A key repeats one command safely; give a new movement a new key (or leave -k out).',
  );
}

function describe(p: Params): string {
  const { command, ...rest } = p;
  const args = Object.entries(rest).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => `${k} ${typeof v === 'string' ? capText(v, 60) : String(v)}`);
  return `\`omni ${String(command ?? 'stock')}\` (${args.join(', ')})`;
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}
