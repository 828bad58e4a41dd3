// The `@idempotent(key:)` directive: the first call with a key is remembered with a hash of its
// parameters (the mutation's whole input, reference fields included); a replay with the same
// parameters gets the first result back and applies nothing, the same key with other parameters
// is refused (IDEMPOTENCY_KEY_PARAMETER_MISMATCH), and a key whose first attempt failed is spent.
// [API-NOTES: inventorySetQuantities; spec: InventorySetQuantitiesUserErrorCode]
import { createHash } from 'node:crypto';
import { GraphQLError, getDirectiveValues, type GraphQLResolveInfo } from 'graphql';

interface Entry { fingerprint: string; failed: boolean; payload: unknown }

export type Replay =
  | { kind: 'new'; remember: (payload: unknown, failed: boolean) => void }
  | { kind: 'replay'; payload: unknown }
  | { kind: 'mismatch' }
  | { kind: 'previousFailed' };

/** Key order must not change a fingerprint: JSON with sorted keys. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v ?? null);
}

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  /** The key given on this field, or a GraphQL error when it is missing or blank (required since 2026-04). */
  static keyOf(info: GraphQLResolveInfo): string {
    const directive = info.schema.getDirective('idempotent');
    const node = info.fieldNodes[0];
    const values = directive && node ? getDirectiveValues(directive, node, info.variableValues) : undefined;
    const key = values?.key;
    if (typeof key !== 'string') {
      throw new GraphQLError(`The @idempotent directive is required for the ${info.fieldName} mutation.`, { extensions: { code: 'BAD_REQUEST' } });
    }
    if (!key.trim()) throw new GraphQLError('The idempotency key cannot be an empty string or whitespace only.', { extensions: { code: 'BAD_REQUEST' } });
    return key;
  }

  check(mutation: string, key: string, input: unknown): Replay {
    const id = `${mutation}\u0000${key}`;
    const fingerprint = createHash('sha256').update(stable(input)).digest('hex');
    const seen = this.entries.get(id);
    if (!seen) return { kind: 'new', remember: (payload, failed) => this.entries.set(id, { fingerprint, failed, payload }) };
    if (seen.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (seen.failed) return { kind: 'previousFailed' };
    return { kind: 'replay', payload: seen.payload };
  }

  clear(): void {
    this.entries.clear();
  }
}
