// `omni suppliers map SUPPLIER CODE SKU`: the supplier's code on a delivery note, invoice or feed
// stands for this master sku from now on.
import type { Db } from '../../db/open.js';
import { getProduct } from '../../db/products.js';
import { mapSupplierCode, supplierKnown } from '../../db/supplier-aliases.js';
import { resolveSupplierCode } from '../../db/purchasing.js';
import { usageError } from '../../core/errors.js';

export interface MapResult {
  supplier: string;
  code: string;
  sku: string;
  /** created: a new mapping; changed: the code meant another sku before; unchanged: already so. */
  outcome: 'created' | 'changed' | 'unchanged';
  previous: string | null;
}

export function mapCode(db: Db, configuredSuppliers: readonly string[], supplier: string, code: string, sku: string): MapResult {
  if (!supplierKnown(db, supplier) && !configuredSuppliers.includes(supplier)) {
    throw usageError(`Unknown supplier "${supplier}".`, `Suppliers: ${configuredSuppliers.join(', ') || '(none under suppliers: in config.yaml)'}.`);
  }
  if (!getProduct(db, sku)) throw usageError(`Unknown sku "${sku}".`, 'Map the code to a master sku (`omni products list --search TEXT` finds it).');
  const c = code.trim();
  if (!c) throw usageError('The supplier code is empty.');
  if (c !== sku && getProduct(db, c)) {
    throw usageError(`"${c}" is a master sku itself: on ${supplier}'s files it already means that product.`, 'Nothing to map.');
  }
  const before = resolveSupplierCode(db, supplier, c);
  const { previous } = mapSupplierCode(db, supplier, c, sku);
  const outcome = previous === sku || (previous === null && before === sku) ? 'unchanged' : previous === null ? 'created' : 'changed';
  return { supplier, code: c, sku, outcome, previous };
}
