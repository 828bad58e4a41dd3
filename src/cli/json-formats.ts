// Every machine-readable output omni prints (`--json`) or writes (`-f json` reports, the sync
// report's .json) has a documented shape: a JSON Schema in docs/json/NAME.schema.json. This list
// names each shape and its version; the output carries `"formatVersion": N` as its first field.
//
// The version changes when a script written against the old shape could break: a field removed,
// renamed or given another type. A new field is added to the schema (every object in a schema
// lists its fields: the tests refuse one that is not documented) and keeps the version.
//
// Adding a command with --json: add NAME here, write docs/json/NAME.schema.json (copy a similar
// one; shared pieces are in docs/json/common.schema.json), print with `out.result('NAME', data,
// human)`, and add a case to test/json/shapes.test.ts, which checks the real output against it.
export const JSON_FORMATS = {
  'init': 1,
  'doctor': 1,
  'db-copy': 1,
  'demo': 1,
  'products-list': 1,
  'products-show': 1,
  'products-add': 1,
  'products-import': 1,
  'products-bundle': 1,
  'stock': 1,
  'stock-move': 1,
  'stock-import': 1,
  'report-low-stock': 1,
  'report-sales': 2,
  'report-best-sellers': 1,
  'report-stock-by-location': 1,
  'report-journal': 1,
  'report-written': 1,
  'sync': 2,
  'runs': 1,
  'runs-show': 1,
  'status': 1,
  'import-supplier': 1,
  'schedule-list': 1,
  'schedule-install': 1,
  'schedule-uninstall': 1,
  'customers-list': 1,
  'customers-show': 1,
  'customers-merge': 1,
  'customers-split': 1,
  'orders-list': 1,
  'orders-show': 1,
  'returns-add': 1,
  'po-suggest': 1,
  'po-create': 1,
  'po-list': 1,
  'po-show': 1,
  'po-export': 1,
  'po-receive': 1,
  'po-check-invoice': 1,
  'suppliers-map': 1,
  'listings-list': 1,
  'listings-unmatched': 1,
  'listings-map': 1,
  'listings-unmap': 1,
  'listings-import': 1,
  'explain': 1,
  'plan': 1,
  'runs-undo': 1,
  'backup': 1,
} as const;

export type JsonFormat = keyof typeof JSON_FORMATS;

export type Versioned<T> = { formatVersion: number } & T;

/** `data` with its shape's version first (a `formatVersion` already in data is replaced). */
export function versioned<T extends object>(format: JsonFormat, data: T): Versioned<T> {
  const { formatVersion: _drop, ...rest } = data as T & { formatVersion?: unknown };
  return { formatVersion: JSON_FORMATS[format], ...(rest as T) };
}

/** The JSON text of a versioned output, as printed and as written to report files. */
export function jsonText(format: JsonFormat, data: object): string {
  return JSON.stringify(versioned(format, data), null, 2) + '\n';
}
