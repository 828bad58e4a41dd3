// Shopify's calculated query cost, from its published rules: scalars and enums 0, objects 1,
// connections 2 plus `first`/`last` times the cost of one node, mutations 10. The requested
// cost is computed before running (from the arguments); the actual cost walks the response and
// counts the objects really returned. Pure: schema, document and values in, a number out.
import {
  Kind, getNamedType, isCompositeType, isLeafType, isListType, isNonNullType, isObjectType, isInterfaceType,
  type FieldNode, type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLSchema, type OperationDefinitionNode,
  type SelectionSetNode, type ValueNode, type GraphQLOutputType,
} from 'graphql';

export const MUTATION_COST = 10;
export const CONNECTION_COST = 2;

interface Walk { schema: GraphQLSchema; fragments: Record<string, FragmentDefinitionNode>; variables: Record<string, unknown> }

function intArg(field: FieldNode, name: string, vars: Record<string, unknown>): number | undefined {
  const arg = field.arguments?.find((a) => a.name.value === name);
  if (!arg) return undefined;
  const v: ValueNode = arg.value;
  if (v.kind === Kind.INT) return Number(v.value);
  if (v.kind === Kind.VARIABLE) { const x = vars[v.name.value]; return typeof x === 'number' ? x : undefined; }
  return undefined;
}

/** Fields of a selection set, fragments inlined (all type conditions counted: an upper bound). */
function fields(w: Walk, set: SelectionSetNode): FieldNode[] {
  return set.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return [s];
    if (s.kind === Kind.INLINE_FRAGMENT) return fields(w, s.selectionSet);
    const frag = w.fragments[s.name.value];
    return frag ? fields(w, frag.selectionSet) : [];
  });
}

function fieldType(w: Walk, parent: GraphQLCompositeType, name: string): GraphQLOutputType | undefined {
  if (isObjectType(parent) || isInterfaceType(parent)) return parent.getFields()[name]?.type;
  return undefined;
}

const isConnection = (t: GraphQLOutputType): boolean => getNamedType(t).name.endsWith('Connection');

/** Cost of one object's selection, given (for actual cost) the data returned for it. */
function objectCost(w: Walk, type: GraphQLCompositeType, set: SelectionSetNode, data: unknown, actual: boolean): number {
  let total = 0;
  for (const f of fields(w, set)) {
    const t = fieldType(w, type, f.name.value);
    if (!t || isLeafType(getNamedType(t)) || !f.selectionSet) continue;
    const named = getNamedType(t);
    if (!isCompositeType(named)) continue;
    const value = actual ? (data as Record<string, unknown> | null | undefined)?.[f.alias?.value ?? f.name.value] : undefined;
    if (isConnection(t)) total += connectionCost(w, named, f, value, actual);
    else total += listOrObjectCost(w, t, named, f, value, actual);
  }
  return total;
}

function listOrObjectCost(w: Walk, t: GraphQLOutputType, named: GraphQLCompositeType, f: FieldNode, value: unknown, actual: boolean): number {
  const inner = isNonNullType(t) ? t.ofType : t;
  if (isListType(inner)) {
    if (actual) return Array.isArray(value) ? value.reduce((n: number, v) => n + 1 + objectCost(w, named, f.selectionSet!, v, true), 0) : 0;
    return (intArg(f, 'first', w.variables) ?? 1) * (1 + objectCost(w, named, f.selectionSet!, undefined, false));
  }
  if (actual && value == null) return 0;
  return 1 + objectCost(w, named, f.selectionSet!, value, actual);
}

/** 2 + n × (one node): `edges { node }` and `nodes` share the per-node cost; pageInfo and cursors are free. */
function connectionCost(w: Walk, conn: GraphQLCompositeType, f: FieldNode, value: unknown, actual: boolean): number {
  if (actual && value == null) return 0;
  const nodeSets: { type: GraphQLCompositeType; set: SelectionSetNode; key: 'edges' | 'nodes'; alias: string }[] = [];
  for (const sub of fields(w, f.selectionSet!)) {
    if (sub.name.value === 'nodes' && sub.selectionSet) {
      const t = fieldType(w, conn, 'nodes');
      if (t && isCompositeType(getNamedType(t))) nodeSets.push({ type: getNamedType(t) as GraphQLCompositeType, set: sub.selectionSet, key: 'nodes', alias: sub.alias?.value ?? 'nodes' });
    }
    if (sub.name.value === 'edges' && sub.selectionSet) {
      const edgeT = fieldType(w, conn, 'edges');
      const edge = edgeT ? getNamedType(edgeT) : undefined;
      for (const e of fields(w, sub.selectionSet)) {
        if (e.name.value !== 'node' || !e.selectionSet || !edge || !isCompositeType(edge)) continue;
        const nodeT = fieldType(w, edge, 'node');
        if (nodeT && isCompositeType(getNamedType(nodeT))) nodeSets.push({ type: getNamedType(nodeT) as GraphQLCompositeType, set: e.selectionSet, key: 'edges', alias: `${sub.alias?.value ?? 'edges'}\u0000${e.alias?.value ?? 'node'}` });
      }
    }
  }
  if (!actual) {
    const n = intArg(f, 'first', w.variables) ?? intArg(f, 'last', w.variables) ?? 0;
    const per = Math.max(1, ...nodeSets.map((s) => 1 + objectCost(w, s.type, s.set, undefined, false)));
    return CONNECTION_COST + n * per;
  }
  let total = CONNECTION_COST;
  for (const s of nodeSets) {
    const v = value as Record<string, unknown>;
    const nodes = s.key === 'nodes' ? (v[s.alias] as unknown[] | undefined) ?? []
      : (((v[s.alias.split('\u0000')[0]!] as Record<string, unknown>[] | undefined) ?? []).map((e) => e[s.alias.split('\u0000')[1]!]));
    total += nodes.reduce((n: number, node) => n + 1 + objectCost(w, s.type, s.set, node, true), 0);
  }
  return total;
}

export function queryCost(
  schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>, data?: Record<string, unknown> | null,
): number {
  const w: Walk = { schema, fragments, variables };
  if (operation.operation === 'mutation') return fields(w, operation.selectionSet).filter((f) => f.name.value !== '__typename').length * MUTATION_COST;
  const root = schema.getQueryType();
  if (!root) return 0;
  return objectCost(w, root, operation.selectionSet, data ?? undefined, data !== undefined);
}
