// One GraphQL request, after auth and faults: parse, validate, price it, charge the bucket or
// answer THROTTLED, execute, refund the unused points, and attach `extensions.cost` as Shopify does.
import {
  GraphQLError, Kind, execute, parse, validate, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode,
} from 'graphql';
import { queryCost } from './cost.js';
import { refund, take, throttleStatus } from './bucket.js';
import type { SandboxEngine } from './engine.js';
import { createOrder } from './orders-control.js';
import { oversizedInputArray } from './input-limits.js';
import { tooManyItems } from './resolvers-inventory.js';

export interface GraphqlBody { query?: unknown; variables?: unknown; operationName?: unknown }
export interface Reply { status: number; body: unknown; headers?: Record<string, string> }

const DOCS = 'https://shopify.dev/api/usage/rate-limits';

function errorReply(errors: readonly GraphQLError[] | { message: string; extensions?: Record<string, unknown> }[]): Reply {
  return { status: 200, body: { errors: errors.map((e) => ('toJSON' in e && typeof e.toJSON === 'function' ? e.toJSON() : e)) } };
}

function pickOperation(doc: DocumentNode, name: string | null): OperationDefinitionNode | string {
  const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (name) return ops.find((o) => o.name?.value === name) ?? `No operation named "${name}"`;
  if (ops.length !== 1) return 'An operation name is required';
  return ops[0]!;
}

/** `forceThrottle`: an injected fault — as if other workers of the same app had just spent the bucket. */
export async function handleGraphql(engine: SandboxEngine, body: GraphqlBody, forceThrottle = false): Promise<Reply> {
  if (typeof body.query !== 'string' || !body.query.trim()) return errorReply([{ message: 'No query string was present' }]);
  const variables = (body.variables && typeof body.variables === 'object' ? body.variables : {}) as Record<string, unknown>;
  const opName = typeof body.operationName === 'string' ? body.operationName : null;
  let doc: DocumentNode;
  try { doc = parse(body.query); } catch (e) {
    engine.record({ operationName: opName, kind: 'invalid', rootFields: [], outcome: 'parse error' });
    return errorReply([e as GraphQLError]);
  }
  const problems = validate(engine.schema, doc);
  const op = pickOperation(doc, opName);
  if (problems.length || typeof op === 'string') {
    engine.record({ operationName: opName, kind: 'invalid', rootFields: [], outcome: 'invalid' });
    return errorReply(problems.length ? problems : [{ message: op as string }]);
  }
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const rootFields = op.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD && s.name.value !== '__typename' ? [s.name.value] : []));
  const kind = op.operation === 'mutation' ? 'mutation' : 'query';
  const record = (outcome: string): void => engine.record({ operationName: op.name?.value ?? opName, kind, rootFields, outcome });

  const oversized = oversizedInputArray(op, variables);
  if (oversized !== undefined) {
    record('input array too large');
    return errorReply([tooManyItems(oversized)]);
  }
  const requested = queryCost(engine.schema, op, fragments, variables);
  const cfg = engine.bucket;
  if (requested > engine.opts.maxQueryCost) {
    record('max cost exceeded');
    return errorReply([{
      message: `Query cost is ${requested}, which exceeds the single query max cost limit (${engine.opts.maxQueryCost}).\n\nSee ${DOCS} for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n`,
      extensions: { code: 'MAX_COST_EXCEEDED', cost: requested, maxCost: engine.opts.maxQueryCost, documentation: DOCS },
    }]);
  }
  if (forceThrottle) engine.bucketState = { available: 0, at: engine.now() };
  const taken = forceThrottle ? { ok: false, state: engine.bucketState } : take(engine.bucketState, cfg, requested, engine.now());
  engine.bucketState = taken.state;
  if (!taken.ok) {
    record('throttled');
    return throttledReply(engine, requested);
  }
  if (kind === 'mutation') rootFields.forEach((f) => engine.countMutation(f));
  const result = await execute({ schema: engine.schema, document: doc, operationName: op.name?.value, variableValues: variables, contextValue: engine.context() });
  const actual = kind === 'mutation' ? requested : queryCost(engine.schema, op, fragments, variables, (result.data ?? null) as Record<string, unknown> | null);
  engine.bucketState = refund(engine.bucketState, cfg, requested - actual);
  record(result.errors?.length ? 'errors' : 'ok');
  const cost = { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: throttleStatus(engine.bucketState, cfg) };
  return { status: 200, body: { ...(result.errors?.length ? { errors: result.errors.map((e) => e.toJSON()) } : {}), data: result.data ?? null, extensions: { cost } } };
}

/** Shopify's answer when the bucket cannot pay for the query: HTTP 200, no data, code THROTTLED. */
function throttledReply(engine: SandboxEngine, requested: number): Reply {
  const cost = { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: throttleStatus(engine.bucketState, engine.bucket) };
  return { status: 200, body: { errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: DOCS } }], extensions: { cost } } };
}
