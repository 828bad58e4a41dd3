// The executable schema: the SDL subset plus resolvers, Shopify's scalars as strings, and
// interface resolution by the `__typename` every stored record carries.
import { GraphQLError, GraphQLScalarType, Kind, buildSchema, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import { SANDBOX_SDL } from './schema.graphql.js';
import { catalogResolvers } from './resolvers-catalog.js';
import { orderResolvers } from './resolvers-orders.js';
import { inventoryResolvers } from './resolvers-inventory.js';
import { productResolvers } from './resolvers-products.js';
import { bulkResolvers } from './bulk.js';
import type { ResolverMap } from './context.js';

/** Money and Decimal inputs: a decimal string (numbers are accepted, as Shopify does). */
function decimalInput(name: string, v: unknown): string {
  const s = typeof v === 'number' ? String(v) : v;
  if (typeof s !== 'string' || !/^-?\d+(\.\d+)?$/.test(s.trim())) throw new GraphQLError(`${name} must be a decimal string, got ${JSON.stringify(v)}`);
  return s.trim();
}

function configureScalars(schema: GraphQLSchema): void {
  for (const name of ['Money', 'Decimal']) {
    const t = schema.getType(name) as GraphQLScalarType;
    t.parseValue = (v) => decimalInput(name, v);
    t.parseLiteral = (ast) => decimalInput(name, ast.kind === Kind.STRING || ast.kind === Kind.FLOAT || ast.kind === Kind.INT ? ast.value : undefined);
  }
  // Shopify serialises UnsignedInt64 as a string so it survives JavaScript numbers.
  (schema.getType('UnsignedInt64') as GraphQLScalarType).serialize = (v) => String(v);
}

const resolverMaps: ResolverMap[] = [catalogResolvers, orderResolvers, inventoryResolvers, productResolvers, bulkResolvers];

export function buildSandboxSchema(): GraphQLSchema {
  const schema = buildSchema(SANDBOX_SDL);
  configureScalars(schema);
  for (const map of resolverMaps) {
    for (const [typeName, fields] of Object.entries(map)) {
      const type = schema.getType(typeName);
      if (!isObjectType(type)) throw new Error(`sandbox resolvers name unknown type ${typeName}`);
      const defs = type.getFields();
      for (const [fieldName, resolve] of Object.entries(fields)) {
        const def = defs[fieldName];
        if (!def) throw new Error(`sandbox resolvers name unknown field ${typeName}.${fieldName}`);
        def.resolve = resolve;
      }
    }
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (isInterfaceType(type)) type.resolveType = (v: { __typename?: string }) => v.__typename;
  }
  return schema;
}
