// Bulk query operations: validate the query as Shopify does (1–5 connections, nesting depth
// at most 2), run it over whole connections, and write Shopify's JSONL — one object per line,
// nested connection nodes on their own lines with `__parentId`, after their parent.
import {
  GraphQLError, Kind, TypeInfo, execute, getNamedType, isObjectType, parse, validate, visit, visitWithTypeInfo,
  type DocumentNode, type GraphQLSchema, type SelectionSetNode,
} from 'graphql';
import { iso } from './ids.js';
import type { ResolverMap, SandboxContext } from './context.js';

export interface BulkOperationRec {
  __typename: 'BulkOperation'; id: string; status: string; type: 'QUERY'; errorCode: string | null; query: string;
  createdAt: string; completedAt: string | null; objectCount: string; rootObjectCount: string; fileSize: string | null;
  url: string | null; partialDataUrl: null; jsonl: string; pollsLeft: number;
}

const isConnectionType = (name: string): boolean => name.endsWith('Connection');

/** Counts connections and their nesting, and makes every Node selection carry `id` (needed for `__parentId`). */
function prepare(schema: GraphQLSchema, doc: DocumentNode): { doc: DocumentNode; connections: number; depth: number } {
  const info = new TypeInfo(schema);
  let connections = 0;
  let depth = 0;
  let open = 0;
  const out = visit(doc, visitWithTypeInfo(info, {
    Field: {
      enter() { const t = info.getType(); if (t && isConnectionType(getNamedType(t).name)) { connections++; open++; depth = Math.max(depth, open); } },
      leave() { const t = info.getType(); if (t && isConnectionType(getNamedType(t).name)) open--; },
    },
    SelectionSet(node: SelectionSetNode) {
      const t = info.getType();
      const named = t ? getNamedType(t) : undefined;
      if (!named || !isObjectType(named) || !named.getInterfaces().some((i) => i.name === 'Node')) return undefined;
      if (node.selections.some((s) => s.kind === Kind.FIELD && s.name.value === 'id' && !s.alias)) return undefined;
      return { ...node, selections: [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'id' } }, ...node.selections] };
    },
  }));
  return { doc: out, connections, depth };
}

function connectionNodes(v: unknown): Record<string, unknown>[] | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const c = v as { edges?: { node?: Record<string, unknown> }[]; nodes?: Record<string, unknown>[] };
  if (Array.isArray(c.edges)) return c.edges.map((e) => e.node).filter((n): n is Record<string, unknown> => Boolean(n));
  if (Array.isArray(c.nodes)) return c.nodes;
  return undefined;
}

/** One line per node; nested connections become later lines pointing back with `__parentId`. */
export function toJsonl(data: Record<string, unknown>): { lines: string[]; roots: number } {
  const lines: string[] = [];
  let roots = 0;
  const strip = (obj: Record<string, unknown>, lineId: unknown, later: (() => void)[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      const nodes = connectionNodes(v);
      if (nodes) { later.push(() => nodes.forEach((n) => emit(n, lineId))); continue; }
      out[k] = v && typeof v === 'object' && !Array.isArray(v) ? strip(v as Record<string, unknown>, lineId, later) : v;
    }
    return out;
  };
  const emit = (node: Record<string, unknown>, parentId: unknown): void => {
    const later: (() => void)[] = [];
    const line = strip(node, node.id, later);
    lines.push(JSON.stringify(parentId === undefined ? line : { ...line, __parentId: parentId }));
    later.forEach((f) => f());
  };
  for (const v of Object.values(data)) {
    const nodes = connectionNodes(v);
    if (nodes) { roots += nodes.length; nodes.forEach((n) => emit(n, undefined)); }
  }
  return { lines, roots };
}

export class BulkRegistry {
  private readonly ops = new Map<string, BulkOperationRec>();
  private readonly finishers = new Map<string, () => void>();
  private seq = 1;

  /**
   * `pollsUntilDone`: reads that see RUNNING before COMPLETED, to exercise a connector's polling.
   * `maxRunning`: bulk query operations that may run at once per shop and app ("the number of
   * concurrent operations … depends on the API version" [spec: bulkOperationRunQuery]; API-NOTES:
   * 5 from 2026-01, 1 before); a further one is refused with OPERATION_IN_PROGRESS.
   */
  constructor(private readonly baseUrl: () => string, private readonly now: () => number, private readonly pollsUntilDone = 1, private readonly maxRunning = 1) {}

  async run(schema: GraphQLSchema, query: string, ctx: SandboxContext): Promise<{ op?: BulkOperationRec; error?: string; code?: string }> {
    const running = [...this.ops.values()].filter((o) => o.status === 'CREATED' || o.status === 'RUNNING');
    if (running.length >= this.maxRunning) {
      return { code: 'OPERATION_IN_PROGRESS', error: `A bulk query operation for this app and shop is already in progress: ${running[0]!.id}.` };
    }
    let doc: DocumentNode;
    try { doc = parse(query); } catch (e) { return { error: `Invalid bulk query: ${(e as GraphQLError).message}` }; }
    const problems = validate(schema, doc);
    if (problems.length) return { error: `Invalid bulk query: ${problems.map((p) => p.message).join('; ')}` };
    if (doc.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.operation !== 'query')) return { error: 'Bulk queries must be queries; use bulkOperationRunMutation for mutations.' };
    const prepared = prepare(schema, doc);
    if (prepared.connections < 1) return { error: 'Bulk queries must contain at least one connection.' };
    if (prepared.connections > 5) return { error: 'Bulk queries cannot contain more than 5 connections.' };
    if (prepared.depth > 2) return { error: 'Bulk queries cannot contain connections with a nesting depth greater than 2.' };
    const num = 5_000_000_000 + this.seq++;
    const id = `gid://shopify/BulkOperation/${num}`;
    const result = await execute({ schema, document: prepared.doc, contextValue: { ...ctx, unbounded: true } });
    const ok = !result.errors?.length && result.data;
    const { lines, roots } = ok ? toJsonl(result.data as Record<string, unknown>) : { lines: [], roots: 0 };
    const jsonl = lines.map((l) => `${l}\n`).join('');
    const op: BulkOperationRec = {
      __typename: 'BulkOperation', id, status: 'CREATED', type: 'QUERY', errorCode: ok ? null : 'INTERNAL_SERVER_ERROR', query,
      createdAt: iso(this.now()), completedAt: null, objectCount: '0', rootObjectCount: '0', fileSize: null, url: null, partialDataUrl: null,
      jsonl, pollsLeft: this.pollsUntilDone,
    };
    // Counts and url appear once it completes, as on Shopify.
    const finish = (): void => {
      op.status = ok ? 'COMPLETED' : 'FAILED';
      op.completedAt = iso(this.now());
      op.objectCount = String(lines.length);
      op.rootObjectCount = String(roots);
      op.fileSize = ok ? String(Buffer.byteLength(jsonl)) : null;
      op.url = ok && lines.length ? `${this.baseUrl()}/bulk/${num}.jsonl` : null;
    };
    this.ops.set(id, op);
    this.finishers.set(id, finish);
    return { op: { ...op } };
  }

  /** A read by the client: advances CREATED → RUNNING → COMPLETED. */
  get(id: string): BulkOperationRec | undefined {
    const op = this.ops.get(id);
    if (!op) return undefined;
    if (op.status === 'CREATED' || op.status === 'RUNNING') {
      if (op.pollsLeft > 0) { op.pollsLeft--; op.status = 'RUNNING'; } else this.finishers.get(id)?.();
    }
    return op;
  }

  current(): BulkOperationRec | undefined {
    const last = [...this.ops.keys()].at(-1);
    return last ? this.get(last) : undefined;
  }

  file(num: string): string | undefined {
    const op = this.ops.get(`gid://shopify/BulkOperation/${num}`);
    return op?.status === 'COMPLETED' ? op.jsonl : undefined;
  }

  clear(): void {
    this.ops.clear();
    this.finishers.clear();
  }
}

export const bulkResolvers: ResolverMap = {
  QueryRoot: {
    bulkOperation: (_s, a: { id: string }, ctx) => ctx.bulk.get(a.id) ?? null,
    currentBulkOperation: (_s, a: { type: string }, ctx) => (a.type === 'QUERY' ? ctx.bulk.current() ?? null : null),
  },
  Mutation: {
    bulkOperationRunQuery: async (_s, a: { query: string }, ctx, info) => {
      const { op, error, code } = await ctx.bulk.run(info.schema, a.query, ctx);
      if (error) return { bulkOperation: null, userErrors: [{ field: code ? null : ['query'], code: code ?? 'INVALID', message: error }] };
      return { bulkOperation: op, userErrors: [] };
    },
  },
};
