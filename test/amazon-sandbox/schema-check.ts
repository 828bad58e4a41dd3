// A small checker for the subset of Swagger 2.0 / JSON Schema the Amazon models use: $ref, type,
// required, properties, items, enum, const, minimum, minLength, date-time. Enough to catch a wrong
// field name, a missing required field or a number where the model says string.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { specFile } from '../support/specs.js';

export const SPECS = specFile('amazon');
export const haveSpecs = existsSync(path.join(SPECS, 'listingsItems_2021-08-01.json'));

type Schema = Record<string, any>;

export function loadSpec(file: string): Schema {
  return JSON.parse(readFileSync(path.join(SPECS, file), 'utf8')) as Schema;
}

/** The response schema the model declares for this operation and status. */
export function responseSchema(spec: Schema, method: string, p: string, status: number): Schema {
  const r = spec.paths[p]?.[method.toLowerCase()]?.responses?.[String(status)];
  if (!r) throw new Error(`${method} ${p} declares no ${status} response`);
  return r.schema ?? {};
}

export function check(root: Schema, schema: Schema, value: unknown, at = '$'): string[] {
  if (schema.$ref) {
    const name = String(schema.$ref).replace(/^#\/definitions\//, '').replace(/^#\//, '');
    const target = schema.$ref.startsWith('#/definitions/') ? root.definitions?.[name] : undefined;
    if (!target) return [`${at}: unresolved ${schema.$ref}`];
    return check(root, target, value, at);
  }
  const errs: string[] = [];
  if (schema.const !== undefined && value !== schema.const) errs.push(`${at}: expected const ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.includes(value)) errs.push(`${at}: ${JSON.stringify(value)} not in enum`);
  const t = schema.type as string | undefined;
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  if (t === 'integer' ? !Number.isInteger(value) : t === 'number' ? typeof value !== 'number' : t && t !== actual) {
    return [...errs, `${at}: expected ${t}, got ${actual}`];
  }
  if (typeof value === 'number' && schema.minimum !== undefined && value < schema.minimum) errs.push(`${at}: below minimum ${schema.minimum}`);
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) errs.push(`${at}: shorter than ${schema.minLength}`);
    if (schema.format === 'date-time' && Number.isNaN(Date.parse(value))) errs.push(`${at}: not a date-time`);
  }
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => errs.push(...check(root, schema.items, v, `${at}[${i}]`)));
  if (actual === 'object' && (schema.properties || schema.required)) {
    const o = value as Record<string, unknown>;
    for (const k of schema.required ?? []) if (o[k] === undefined) errs.push(`${at}: missing required ${k}`);
    for (const [k, v] of Object.entries(o)) {
      const sub = schema.properties?.[k];
      if (sub && v !== undefined) errs.push(...check(root, sub, v, `${at}.${k}`));
    }
  }
  return errs;
}
