// Data, not code: per POS, the header cells of its sales export, its item export and its import
// file. Header names follow the real exports (../shared/specs/API-NOTES.md "Real file formats");
// `{loc}` stands for the POS's own name of the store ("Current Quantity Main Street").
import type { ColumnOverrides, PresetName } from './config.js';

export type Field = keyof ColumnOverrides;
/** A field's accepted header cells, first match wins (localized exports list their aliases). */
export type Columns = Partial<Record<Field, readonly string[]>>;

export interface ImportLayout {
  /** Header cells in order; `{loc}` is replaced by the POS location name. */
  headers: readonly string[];
  /** Which of our values goes in which header cell (the rest stay blank). */
  fill: Partial<Record<'sku' | 'name' | 'price' | 'quantity' | 'token' | 'handle' | 'variation', string>>;
  /** Cells with a fixed value on every row (e.g. track stock). */
  constants?: Readonly<Record<string, string>>;
  /** Cells filled when omni has nothing better (a new item's variation name). */
  defaults?: Readonly<Record<string, string>>;
}

export interface Preset {
  label: string;
  sales: Columns;
  /** Item export (also the count export): sku, name, price and stock per location. */
  items: Columns;
  import: ImportLayout;
  /** Sales rows whose `type` cell is one of these are refunds. */
  refundTypes: readonly string[];
  /** Receipts whose `status` cell is one of these are cancelled. */
  cancelledStatuses: readonly string[];
  dateOrder: 'ymd' | 'mdy' | 'dmy';
  /** A refund row names its original receipt in the `receipt` column itself (Square). */
  refundSharesReceipt: boolean;
}

export const presets: Record<PresetName, Preset> = {
  // Square: "Items Detail" sales export (Reports → Item sales → Export, item detail CSV) and the
  // item library export, which is also the import template.
  square: {
    label: 'Square',
    sales: {
      date: ['Date'], time: ['Time'], receipt: ['Transaction ID'], sku: ['SKU'], barcode: ['GTIN'], name: ['Item'],
      quantity: ['Qty'], line_total: ['Gross Sales'], net_total: ['Net Sales'], type: ['Event Type'],
      customer_id: ['Customer ID'], customer_name: ['Customer Name'],
    },
    items: { token: ['Token'], variation: ['Variation Name'], sku: ['SKU'], name: ['Item Name'], barcode: ['GTIN'], price: ['Price', 'Price {loc}'], stock: ['Current Quantity {loc}'] },
    import: {
      headers: ['Token', 'Item Name', 'Variation Name', 'SKU', 'Price', 'Current Quantity {loc}', 'New Quantity {loc}'],
      fill: { token: 'Token', name: 'Item Name', variation: 'Variation Name', sku: 'SKU', price: 'Price', quantity: 'New Quantity {loc}' },
      defaults: { 'Variation Name': 'Regular' },
    },
    refundTypes: ['refund'], cancelledStatuses: [], dateOrder: 'ymd', refundSharesReceipt: true,
  },
  // Loyverse: "Receipts by item" export (Reports → Receipts → Export) and the items export,
  // which is also its import layout. Headers are localized: aliases for the Spanish export.
  loyverse: {
    label: 'Loyverse',
    sales: {
      date: ['Date', 'Fecha'], receipt: ['Receipt number', 'Número de recibo'], type: ['Receipt type', 'Tipo de recibo'],
      sku: ['SKU', 'REF'], name: ['Item', 'Artículo'], quantity: ['Quantity', 'Cantidad'], line_total: ['Gross sales', 'Ventas brutas'],
      net_total: ['Net sales', 'Ventas netas'], customer_name: ['Customer name', 'Nombre del cliente'],
      contact: ['Customer contacts', 'Contactos del cliente'], status: ['Status', 'Estado'],
    },
    items: {
      handle: ['Handle'], sku: ['SKU', 'REF'], name: ['Name', 'Nombre'], barcode: ['Barcode', 'Código de barras'],
      price: ['Price [{loc}]', 'Precio [{loc}]'], stock: ['In stock [{loc}]', 'En inventario [{loc}]'],
    },
    import: {
      headers: ['Handle', 'SKU', 'Name', 'Track stock', 'Price [{loc}]', 'In stock [{loc}]'],
      fill: { handle: 'Handle', sku: 'SKU', name: 'Name', price: 'Price [{loc}]', quantity: 'In stock [{loc}]' },
      constants: { 'Track stock': 'Y' },
    },
    refundTypes: ['refund', 'reembolso'], cancelledStatuses: ['cancelled', 'canceled', 'cancelado'], dateOrder: 'mdy', refundSharesReceipt: false,
  },
  // Lightspeed Retail X-Series (ex-Vend): product export/import. Its sales export was not found;
  // map a sales file with `columns`.
  lightspeed: {
    label: 'Lightspeed X-Series',
    sales: {},
    items: { token: ['id'], handle: ['handle'], sku: ['sku'], name: ['name'], price: ['retail_price'], stock: ['inventory_{loc}'] },
    import: {
      headers: ['id', 'handle', 'sku', 'name', 'retail_price', 'track_inventory', 'inventory_{loc}'],
      fill: { token: 'id', handle: 'handle', sku: 'sku', name: 'name', price: 'retail_price', quantity: 'inventory_{loc}' },
      constants: { track_inventory: '1' },
    },
    refundTypes: ['refund', 'return'], cancelledStatuses: ['voided', 'cancelled'], dateOrder: 'ymd', refundSharesReceipt: false,
  },
  // Any other POS: name the columns in config (`columns:`); these are the defaults.
  generic: {
    label: 'generic CSV',
    sales: {
      receipt: ['receipt'], date: ['date'], time: ['time'], sku: ['sku'], barcode: ['barcode'], name: ['name'], quantity: ['quantity'],
      unit_price: ['unit_price', 'price'], line_total: ['total'], type: ['type'], refund_of: ['refund_of'], status: ['status'],
      email: ['email'], phone: ['phone'], customer_name: ['customer'],
    },
    items: { sku: ['sku'], name: ['name'], barcode: ['barcode'], price: ['price'], stock: ['quantity', 'stock', 'counted'] },
    import: { headers: ['sku', 'name', 'price', 'quantity'], fill: { sku: 'sku', name: 'name', price: 'price', quantity: 'quantity' } },
    refundTypes: ['refund', 'return'], cancelledStatuses: ['cancelled', 'void', 'voided'], dateOrder: 'ymd', refundSharesReceipt: false,
  },
};

/** The preset's columns with the config's overrides on top (an override is one exact header). */
export function columnsFor(base: Columns, overrides: ColumnOverrides): Columns {
  const out: Columns = { ...base };
  for (const [k, v] of Object.entries(overrides)) if (v) out[k as Field] = [v];
  return out;
}
