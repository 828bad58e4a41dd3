// Three-way match: what the supplier invoiced against what was ordered (quantity, unit price)
// and what was received. Pure; every difference is one mismatch row.

export interface PoLineFacts { sku: string; ordered: number; received: number; costMinor: number }
export interface InvoiceLine { sku: string; quantity: number; unitPriceMinor: number; rows: number[] }

export type MismatchKind = 'not-on-po' | 'quantity-vs-ordered' | 'quantity-vs-received' | 'price' | 'not-invoiced';

export interface Mismatch {
  kind: MismatchKind;
  sku: string;
  /** Invoice rows (as a person sees them in Excel) the mismatch comes from. */
  rows: number[];
  ordered: number | null;
  received: number | null;
  invoiced: number | null;
  poPriceMinor: number | null;
  invoicePriceMinor: number | null;
  /** What the difference costs: invoiced amount minus what the PO and receipts justify. */
  amountMinor: number;
  message: string;
}

export interface InvoiceCheck {
  ok: boolean;
  currency: string;
  invoicedMinor: number;
  /** Received units at the PO's prices: what the invoice should come to. */
  expectedMinor: number;
  mismatches: Mismatch[];
}

export function checkInvoice(poLines: readonly PoLineFacts[], invoice: readonly InvoiceLine[], currency: string): InvoiceCheck {
  const bySku = new Map(poLines.map((l) => [l.sku, l]));
  const mismatches: Mismatch[] = [];
  const base = { ordered: null, received: null, invoiced: null, poPriceMinor: null, invoicePriceMinor: null };
  for (const inv of invoice) {
    const po = bySku.get(inv.sku);
    if (!po) {
      mismatches.push({ ...base, kind: 'not-on-po', sku: inv.sku, rows: inv.rows, invoiced: inv.quantity, invoicePriceMinor: inv.unitPriceMinor,
        amountMinor: inv.quantity * inv.unitPriceMinor, message: `${inv.sku} is invoiced (${inv.quantity}) but not on the purchase order` });
      continue;
    }
    const facts = { ordered: po.ordered, received: po.received, invoiced: inv.quantity, poPriceMinor: po.costMinor, invoicePriceMinor: inv.unitPriceMinor };
    if (inv.quantity !== po.ordered) {
      mismatches.push({ ...facts, kind: 'quantity-vs-ordered', sku: inv.sku, rows: inv.rows, amountMinor: (inv.quantity - po.ordered) * po.costMinor,
        message: `${inv.sku}: invoiced ${inv.quantity}, ordered ${po.ordered}` });
    }
    if (inv.quantity !== po.received) {
      mismatches.push({ ...facts, kind: 'quantity-vs-received', sku: inv.sku, rows: inv.rows, amountMinor: (inv.quantity - po.received) * po.costMinor,
        message: `${inv.sku}: invoiced ${inv.quantity}, received ${po.received}` });
    }
    if (inv.unitPriceMinor !== po.costMinor) {
      mismatches.push({ ...facts, kind: 'price', sku: inv.sku, rows: inv.rows, amountMinor: (inv.unitPriceMinor - po.costMinor) * inv.quantity,
        message: `${inv.sku}: invoiced at ${inv.unitPriceMinor} per unit, ordered at ${po.costMinor} (minor units)` });
    }
  }
  const invoiced = new Set(invoice.map((l) => l.sku));
  for (const po of poLines) {
    if (invoiced.has(po.sku) || (po.received === 0 && po.ordered === 0)) continue;
    mismatches.push({ ...base, kind: 'not-invoiced', sku: po.sku, rows: [], ordered: po.ordered, received: po.received, poPriceMinor: po.costMinor,
      amountMinor: -po.received * po.costMinor, message: `${po.sku}: ordered ${po.ordered}, received ${po.received}, not on the invoice` });
  }
  return {
    ok: mismatches.length === 0, currency,
    invoicedMinor: invoice.reduce((s, l) => s + l.quantity * l.unitPriceMinor, 0),
    expectedMinor: poLines.reduce((s, l) => s + l.received * l.costMinor, 0),
    mismatches,
  };
}
