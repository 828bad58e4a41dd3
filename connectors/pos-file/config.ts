// The pos-file channel's own keys in config.yaml: which POS layout, which files, which location.
import { z } from 'zod';

export const PRESETS = ['square', 'loyverse', 'lightspeed', 'generic'] as const;
export type PresetName = (typeof PRESETS)[number];

/** Our field names → the export's header cells (generic layout, or overrides of a preset). */
const columnsSchema = z.object({
  receipt: z.string(), date: z.string(), time: z.string(), sku: z.string(), barcode: z.string(), name: z.string(),
  quantity: z.string(), unit_price: z.string(), line_total: z.string(), net_total: z.string(), type: z.string(),
  refund_of: z.string(), status: z.string(), email: z.string(), phone: z.string(), contact: z.string(),
  customer_name: z.string(), customer_id: z.string(), price: z.string(), stock: z.string(),
  token: z.string(), handle: z.string(), variation: z.string(),
}).partial().strict();
export type ColumnOverrides = z.infer<typeof columnsSchema>;

export const posConfigSchema = z.looseObject({
  preset: z.enum(PRESETS).default('generic'),
  /** The omni location the POS sells from and counts (default: the first of stock_from). */
  location: z.string().optional(),
  /** The POS's own name for that store/outlet, as in its per-location columns ("Price [Main St]"). */
  pos_location: z.string().optional(),
  /** Sales exports: a path or a glob, relative to config.yaml; every matching file not read yet is read, oldest first (the first sync: only the newest). */
  sales_file: z.string().optional(),
  /** Stock-count export: its quantities become count movements for `location` (only when the file changed). */
  counts_file: z.string().optional(),
  /** The POS's item export: what the POS lists (sku, price, quantity) — the listing state. */
  items_file: z.string().optional(),
  /** Where push writes the POS's import file; {date} becomes the run's date-time. */
  import_file: z.string().default('pos-import-{date}.csv'),
  columns: columnsSchema.default({}),
  decimal_comma: z.boolean().optional(),
  delimiter: z.string().min(1).max(2).optional(),
  encoding: z.enum(['utf8', 'latin1', 'utf16le']).default('utf8'),
  /** Day order of numeric dates (3/4/2026); the preset's default otherwise. */
  date_order: z.enum(['ymd', 'mdy', 'dmy']).optional(),
  /** IANA time zone of naive date-times in the exports. */
  timezone: z.string().default('UTC').refine((tz) => { try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; } }, 'an IANA time zone like Europe/Berlin'),
  currency: z.string().regex(/^[A-Z]{3}$/).default('EUR'),
  /** Match export rows to products by sku (default) or by barcode. */
  match_barcode: z.boolean().default(false),
  /** More bad rows than this fail the pull instead of being reported as warnings. */
  max_bad_rows: z.number().int().min(0).default(3),
  stock_from: z.array(z.string()),
});

export type PosConfig = z.infer<typeof posConfigSchema>;
