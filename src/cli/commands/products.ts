import { Output, table, type GlobalOptions } from '../output.js';
import { openWorkspace } from '../../app/workspace.js';
import { asLocalRun } from '../../app/local-run.js';
import { productBeforeRecorder } from '../../db/run-ledger.js';
import { getProduct, listProducts, upsertProduct } from '../../db/products.js';
import { levelsForSku } from '../../db/stock.js';
import { importProducts } from '../../app/products-import.js';
import { formatMoney, parseMoney } from '../../core/money.js';
import { MAX_MONEY_MINOR, MAX_QUANTITY } from '../../core/bounds.js';
import { capText, skuProblem } from '../../core/text.js';
import { usageError } from '../../core/errors.js';

/** A product as --json prints it: attributes as the object they are (stored as JSON text). */
function productJson<P extends { attributes: string }>(p: P): Omit<P, 'attributes'> & { attributes: Record<string, unknown> } {
  return { ...p, attributes: JSON.parse(p.attributes) as Record<string, unknown> };
}

export async function list(_args: unknown[], opts: { search?: string }, g: GlobalOptions): Promise<number> {
  const ws = await openWorkspace(g);
  try {
    const rows = listProducts(ws.db, opts.search ? { search: opts.search } : {});
    new Output(g).result('products-list', { products: rows.map(productJson) }, () => rows.length === 0 ? 'No products yet. Add one with `omni products add` or `omni products import FILE`.'
      : table(['sku', 'title', 'price', 'barcode'], rows.map((p) => [p.sku, p.title, formatMoney(p.priceMinor, p.currency), p.barcode])));
  } finally { ws.close(); }
  return 0;
}

export async function show(args: unknown[], _opts: unknown, g: GlobalOptions): Promise<number> {
  const sku = args[0] as string;
  const ws = await openWorkspace(g);
  try {
    const p = getProduct(ws.db, sku);
    if (!p) throw usageError(`Unknown sku "${sku}".`, 'Search with `omni products list --search TEXT`.');
    const levels = levelsForSku(ws.db, sku);
    new Output(g).result('products-show', { ...productJson(p), stock: levels.map((l) => ({ location: l.location, onHand: l.onHand })) }, () => [
      `${p.sku}  ${p.title}`,
      p.brand ? `brand: ${p.brand}` : '', p.barcode ? `barcode: ${p.barcode}` : '',
      `price: ${formatMoney(p.priceMinor, p.currency) || '-'}   cost: ${formatMoney(p.costMinor, p.currency) || '-'}`,
      p.description ?? '',
      '', table(['location', 'on hand'], levels.map((l) => [l.location, l.onHand])),
      `total: ${levels.reduce((s, l) => s + l.onHand, 0)}`,
    ].filter((l, i) => l !== '' || i === 5).join('\n'));
  } finally { ws.close(); }
  return 0;
}

interface AddOptions {
  title?: string; price?: string; cost?: string; barcode?: string; brand?: string; description?: string;
  reorderPoint?: string; reorderQty?: string;
}

export async function add(args: unknown[], o: AddOptions, g: GlobalOptions): Promise<number> {
  const sku = (args[0] as string).trim();
  const skuWhy = skuProblem(sku);
  if (skuWhy) throw usageError(`The sku "${capText(sku, 60)}" ${skuWhy}.`, 'A sku is letters, digits and punctuation you can type; nothing was changed.');
  const money = (flag: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const m = parseMoney(v);
    if (m === undefined || m < 0) throw usageError(`${flag} "${capText(v, 40)}" is not a price.`, `Write it like 12.50, with a dot before the cents (1,234.50 for thousands); at most ${MAX_MONEY_MINOR / 100}.`);
    return m;
  };
  const whole = (flag: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) throw usageError(`${flag} "${capText(v, 40)}" is not a whole number of 0 or more.`);
    if (Number(v) > MAX_QUANTITY) throw usageError(`${flag} ${capText(v, 40)} is more than omni accepts (at most ${MAX_QUANTITY}).`);
    return Number(v);
  };
  const input = {
    sku, title: o.title, priceMinor: money('--price', o.price), costMinor: money('--cost', o.cost),
    barcode: o.barcode, brand: o.brand, description: o.description,
    reorderPoint: whole('--reorder-point', o.reorderPoint), reorderQty: whole('--reorder-qty', o.reorderQty),
  };
  const ws = await openWorkspace(g, { write: true, command: `omni products add ${sku}` });
  try {
    if (input.title === undefined && !getProduct(ws.db, sku)) {
      throw usageError(`${sku} is a new product: give it a title with -t "…".`, 'Options you leave out keep their value when the product exists already.');
    }
    const outcome = upsertProduct(ws.db, { ...input, currency: ws.config.currency });
    new Output(g).result('products-add', { sku, outcome }, () => `${sku}: ${outcome}.`);
  } finally { ws.close(); }
  return 0;
}

export async function importCsv(args: unknown[], o: { dryRun?: boolean }, g: GlobalOptions): Promise<number> {
  const file = args[0] as string;
  const ws = await openWorkspace(g, { write: !o.dryRun, command: `omni products import ${file}` });
  try {
    // Journalled as a run, with each product's row before it, so `omni runs undo ID` can put them back.
    const s = o.dryRun ? await importProducts(ws.db, file, ws.config.currency, o)
      : await asLocalRun(ws.db, 'import:products', 'products-import', new Date(), (run) => importProducts(ws.db, file, ws.config.currency, { beforeWrite: productBeforeRecorder(ws.db, run.runId) }),
        (x) => ({ status: 'ok', summary: { file: x.file, rows: x.rows, created: x.created, updated: x.updated, unchanged: x.unchanged } }));
    new Output(g).result('products-import', s, () => `${s.dryRun ? 'Dry run (nothing written): would have ' : ''}${s.dryRun ? '' : 'Imported '}${s.rows} rows: ${s.created} new, ${s.updated} updated, ${s.unchanged} unchanged.`);
  } finally { ws.close(); }
  return 0;
}

export async function bundle(args: unknown[], _o: unknown, g: GlobalOptions): Promise<number> {
  const sku = String(args[0]).trim();
  const components = (args[1] as string[]).map((text) => {
    const m = /^(.+):(\d+)$/.exec(text.trim());
    if (!m || Number(m[2]) < 1) throw usageError(`"${text}" is not SKU:QUANTITY.`, 'Write each component like TEA-EARL-100:2.');
    return { sku: m[1]!, quantity: Number(m[2]) };
  });
  const ws = await openWorkspace(g, { write: true, command: `omni products bundle ${sku}` });
  try {
    const unknown = [sku, ...components.map((c) => c.sku)].filter((s) => !getProduct(ws.db, s));
    if (unknown.length) throw usageError(`Unknown sku ${unknown.map((s) => `"${s}"`).join(', ')}.`, 'Add the bundle and its components as products first (`omni products add`).');
    if (components.some((c) => c.sku === sku)) throw usageError(`${sku} cannot be a component of itself.`);
    const { assertBundleable, setBundle } = await import('../../db/bundles.js');
    assertBundleable(ws.db, sku, components);
    setBundle(ws.db, sku, components);
    // Units booked on the product itself before it became a bundle would never sell: say so.
    const own = levelsForSku(ws.db, sku).filter((l) => l.onHand !== 0);
    const out = new Output(g);
    if (own.length) out.warn(`${sku} still has ${own.map((l) => `${l.onHand} at ${l.location}`).join(', ')} booked on itself; a bundle holds no stock (its components do). Count it to 0: ${own.map((l) => `\`omni stock count ${sku} 0 -l ${l.location}\``).join(', ')}.`);
    out.result('products-bundle', { sku, components, ownStock: own.map((l) => ({ location: l.location, onHand: l.onHand })) }, () => `${sku} is a bundle of ${components.map((c) => `${c.quantity} × ${c.sku}`).join(' + ')}.`);
  } finally { ws.close(); }
  return 0;
}
