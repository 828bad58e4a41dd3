// The sandbox's SDL must be a faithful subset of Shopify's real 2026-10 schema: every type, field,
// argument, input field, enum value, interface and directive it declares exists there with the
// same type. The introspection lives in ../shared (not shipped); without it the suite says so and
// skips (fails under CI=true: test/support/specs.ts).
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import {
  buildClientSchema, buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType,
  isSpecifiedScalarType, isUnionType, type GraphQLSchema, type IntrospectionQuery, type GraphQLArgument,
} from 'graphql';
import { SANDBOX_SDL } from '../../connectors/shopify/sandbox/schema.graphql.js';
import { describeWithSpecs, specFile } from '../support/specs.js';

const SCHEMA = specFile('shopify', 'admin_2026-10.introspection.json.gz');
const have = existsSync(SCHEMA);

function kind(t: unknown): string {
  return isObjectType(t) ? 'object' : isInterfaceType(t) ? 'interface' : isEnumType(t) ? 'enum'
    : isInputObjectType(t) ? 'input' : isUnionType(t) ? 'union' : isScalarType(t) ? 'scalar' : 'other';
}

function argProblems(where: string, mine: readonly GraphQLArgument[], real: readonly GraphQLArgument[]): string[] {
  const out: string[] = [];
  for (const a of mine) {
    const r = real.find((x) => x.name === a.name);
    if (!r) { out.push(`${where}(${a.name}) is not in the real schema`); continue; }
    if (String(a.type) !== String(r.type)) out.push(`${where}(${a.name}) is ${String(a.type)}, real ${String(r.type)}`);
    if (a.defaultValue !== undefined && JSON.stringify(a.defaultValue) !== JSON.stringify(r.defaultValue)) out.push(`${where}(${a.name}) default ${JSON.stringify(a.defaultValue)}, real ${JSON.stringify(r.defaultValue)}`);
  }
  // A required real argument we left out would make our documents invalid against Shopify.
  for (const r of real) if (String(r.type).endsWith('!') && r.defaultValue === undefined && !mine.some((a) => a.name === r.name)) out.push(`${where} lacks required argument ${r.name}`);
  return out;
}

function subsetProblems(mine: GraphQLSchema, real: GraphQLSchema): string[] {
  const out: string[] = [];
  if (mine.getQueryType()?.name !== real.getQueryType()?.name) out.push('query root name differs');
  if (mine.getMutationType()?.name !== real.getMutationType()?.name) out.push('mutation root name differs');
  for (const d of mine.getDirectives()) {
    const r = real.getDirective(d.name);
    if (!r) { out.push(`directive @${d.name} is not in the real schema`); continue; }
    out.push(...argProblems(`@${d.name}`, d.args, r.args));
  }
  for (const t of Object.values(mine.getTypeMap())) {
    if (t.name.startsWith('__') || isSpecifiedScalarType(t)) continue;
    const r = real.getType(t.name);
    if (!r) { out.push(`type ${t.name} is not in the real schema`); continue; }
    if (kind(t) !== kind(r)) { out.push(`${t.name} is a ${kind(t)}, real ${kind(r)}`); continue; }
    if ((isObjectType(t) || isInterfaceType(t)) && (isObjectType(r) || isInterfaceType(r))) {
      const rf = r.getFields();
      for (const f of Object.values(t.getFields())) {
        const x = rf[f.name];
        if (!x) { out.push(`${t.name}.${f.name} is not in the real schema`); continue; }
        if (String(f.type) !== String(x.type)) out.push(`${t.name}.${f.name} is ${String(f.type)}, real ${String(x.type)}`);
        if (Boolean(f.deprecationReason) !== Boolean(x.deprecationReason)) out.push(`${t.name}.${f.name} deprecation differs`);
        out.push(...argProblems(`${t.name}.${f.name}`, f.args, x.args));
      }
      for (const i of t.getInterfaces()) if (!r.getInterfaces().some((x) => x.name === i.name)) out.push(`${t.name} does not implement ${i.name} in the real schema`);
    }
    if (isEnumType(t) && isEnumType(r)) {
      for (const v of t.getValues()) if (!r.getValue(v.name)) out.push(`${t.name}.${v.name} is not a real enum value`);
    }
    if (isInputObjectType(t) && isInputObjectType(r)) {
      const rf = r.getFields();
      for (const f of Object.values(t.getFields())) {
        const x = rf[f.name];
        if (!x) out.push(`${t.name}.${f.name} is not a real input field`);
        else if (String(f.type) !== String(x.type)) out.push(`${t.name}.${f.name} is ${String(f.type)}, real ${String(x.type)}`);
      }
      for (const x of Object.values(rf)) if (String(x.type).endsWith('!') && x.defaultValue === undefined && !t.getFields()[x.name]) out.push(`${t.name} lacks required input field ${x.name}`);
    }
  }
  return out;
}

describe('sandbox SDL', () => {
  it('builds', () => {
    expect(() => buildSchema(SANDBOX_SDL)).not.toThrow();
  });
});

describeWithSpecs('sandbox SDL is a subset of the real 2026-10 schema', SCHEMA, () => {
  it('every type, field, argument and enum value exists there with the same type', () => {
    const real = buildClientSchema((JSON.parse(gunzipSync(readFileSync(SCHEMA)).toString()) as { data: IntrospectionQuery }).data);
    expect(subsetProblems(buildSchema(SANDBOX_SDL), real)).toEqual([]);
  });
  it('the check itself notices a wrong field type', () => {
    const real = buildClientSchema((JSON.parse(gunzipSync(readFileSync(SCHEMA)).toString()) as { data: IntrospectionQuery }).data);
    const bad = buildSchema(SANDBOX_SDL.replace('sku: String barcode', 'sku: String! barcode'));
    expect(subsetProblems(bad, real)).toContain('ProductVariant.sku is String!, real String');
  });
});
