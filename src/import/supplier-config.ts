// One supplier's block under `suppliers:` in config.yaml: where its feed is, how to read it, and
// which of its columns mean what. Checked with zod when an import runs, so a broken block names
// its key path; config/schema.ts only knows that suppliers are objects.
import { z } from 'zod';
import { usageError } from '../core/errors.js';

/** The master fields a supplier column can feed. */
export const FIELDS = [
  'sku', 'barcode', 'title', 'description', 'brand', 'cost', 'price', 'quantity', 'pack_size', 'min_order', 'lead_time',
] as const;
export type Field = (typeof FIELDS)[number];

const columnName = z.string().min(1, 'a column name from the header row');

export const supplierColumnsSchema = z.object({
  sku: columnName,
  barcode: columnName.optional(),
  title: columnName.optional(),
  description: columnName.optional(),
  brand: columnName.optional(),
  cost: columnName.optional(),
  price: columnName.optional(),
  quantity: columnName.optional(),
  pack_size: columnName.optional(),
  min_order: columnName.optional(),
  lead_time: columnName.optional(),
}).strict();

export const supplierConfigSchema = z.object({
  name: z.string().min(1).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'a three-letter ISO code like EUR').optional(),
  /** Default source: a path (relative to config.yaml), a glob in the file name (newest match), or an http(s) URL. */
  file: z.string().min(1).optional(),
  /** Default: from the file name (.csv .tsv .txt .xlsx .xls .ods), else sniffed. */
  format: z.enum(['csv', 'tsv', 'txt', 'xlsx', 'xls', 'ods']).optional(),
  /** CSV only. Default: detected from the header among , ; tab | */
  delimiter: z.enum([',', ';', '\t', '|', 'tab']).optional(),
  /** CSV only. auto: UTF-8 (with or without BOM), else windows-1252. */
  encoding: z.enum(['auto', 'utf-8', 'windows-1252', 'latin1']).default('auto'),
  /** Numbers are written 12,50 (comma before the decimals). Default: judged from the file's cells (CSV). */
  decimal_comma: z.boolean().optional(),
  /** Grouping in numbers like 1.234,50 or 1,234.50 — removed before reading. */
  thousands_separator: z.enum(['.', ',', ' ', "'"]).optional(),
  /** Workbooks: a sheet name, or its position (1 = the first sheet). Default: the first. */
  sheet: z.union([z.string().min(1), z.number().int().min(1)]).optional(),
  /** The row holding the column names (1 = the first row). Rows above it are ignored. */
  header_row: z.number().int().min(1).default(1),
  columns: supplierColumnsSchema,
  match: z.object({
    /** The supplier's sku is the master sku when a product has it. */
    identity: z.boolean().default(false),
    /** Match by barcode when neither an alias nor the identity matches. */
    barcode_fallback: z.boolean().default(false),
  }).strict().default({ identity: false, barcode_fallback: false }),
  /** A location (under `locations:`) whose stock this feed sets: written as counts in the ledger. */
  dropship_location: z.string().min(1).optional(),
  /** Used for items whose row has no lead time. */
  lead_time_days: z.number().int().min(0).max(365).optional(),
  /** Create products the master lacks, like --create-new. */
  create_new: z.boolean().default(false),
  /** URL downloads: give up after this many seconds without data. */
  timeout_seconds: z.number().min(1).max(600).default(60),
}).strict();

export type SupplierConfig = z.infer<typeof supplierConfigSchema>;

/** Validate `suppliers.<code>` from the loaded config; every problem with its key path. */
export function supplierConfig(suppliers: Record<string, unknown>, code: string, configName = 'config.yaml'): SupplierConfig {
  const block = suppliers[code];
  if (block === undefined) {
    const known = Object.keys(suppliers);
    throw usageError(`No supplier "${code}" in ${configName}.`,
      known.length ? `Known suppliers: ${known.join(', ')}.` : 'Add a block under `suppliers:` (see config.example.yaml), e.g. suppliers: { acme: { columns: { sku: "Art.-Nr.", cost: "EK netto" } } }.');
  }
  const parsed = supplierConfigSchema.safeParse(block);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => {
    const where = ['suppliers', code, ...i.path.map(String)].join('.');
    const msg = i.code === 'unrecognized_keys' ? `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}`
      : i.code === 'invalid_type' && /received undefined/.test(i.message) ? 'required' : i.message;
    return `${configName}: ${where}: ${msg}`;
  });
  throw usageError(`The supplier "${code}" in ${configName} has ${problems.length} problem${problems.length === 1 ? '' : 's'}.`,
    'Fix the keys named above (see config.example.yaml).', problems);
}
