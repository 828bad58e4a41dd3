// One business across channels: customers, orders, returns, purchasing, suppliers.
import { lazy, Option, type Command } from './lazy.js';

export function registerBusiness(program: Command): void {
  const customers = program.command('customers').description('one customer across channels: list, show, merge, split')
    .addHelpText('after', `
A customer is matched across channels by e-mail, then phone, when orders come in (omni sync).
Examples:
  omni customers list --search weber
  omni customers show 12
  omni customers merge 14 --into 12 -r "same person, new e-mail"
  omni customers split 14`);
  customers.command('list').description('customers with their channels and order counts')
    .option('-s, --search <text>', 'only names, e-mails or phones containing this')
    .option('--all', 'include customers merged into others')
    .addHelpText('after', `
Examples:
  omni customers list
  omni customers list --search @example.com --all`)
    .action(lazy('customers', 'list'));
  customers.command('show <id>').description('one customer: every channel identity, order and return')
    .addHelpText('after', `
Example:
  omni customers show 12`)
    .action(lazy('customers', 'show'));
  customers.command('merge <id>').description('merge a customer into another (journalled; undo with split)')
    .requiredOption('--into <id>', 'the customer that stays')
    .option('-r, --reason <text>', 'why (kept in the merge journal)')
    .addHelpText('after', `
The merged customer's channel identities and orders move to the other; \`omni customers split ID\`
moves them back. Example:
  omni customers merge 14 --into 12 -r "same person, new e-mail"`)
    .action(lazy('customers', 'merge'));
  customers.command('split <id>').description('undo the merge of this customer: its identities and orders go back')
    .addHelpText('after', `
Example:
  omni customers split 14`)
    .action(lazy('customers', 'split'));

  const orders = program.command('orders').description('orders from every channel');
  orders.command('list').description('orders, newest first, with filters')
    .option('--channel <name>', 'only this channel')
    .addOption(new Option('--status <status>', 'only this status').choices(['open', 'fulfilled', 'cancelled', 'refunded']))
    .option('--since <when>', "placed since: 30d, 12w, 6m or a date (2026-01-31, the shop's day)")
    .option('--until <when>', 'placed before: a period or a date')
    .option('--customer <id>', 'only this customer (and customers merged into it)')
    .option('--sku <sku>', 'only orders with this sku')
    .option('--limit <n>', 'at most this many', '200')
    .addHelpText('after', `
Examples:
  omni orders list --channel shopify --since 7d
  omni orders list --sku MUG-STONE-350 --status open
  omni orders list --customer 12`)
    .action(lazy('orders', 'list'));
  orders.command('show <order>').description('one order (CHANNEL:ID) with its lines and returns')
    .addHelpText('after', `
An order by its id or the name the shop knows it by. Examples:
  omni orders show shopify:#1004
  omni orders show amazon:028-3000002-1000014`)
    .action(lazy('orders', 'show'));

  const returns = program.command('returns').description("returns of any channel's orders, at any location");
  returns.command('add').description('record a return, e.g. an online order brought back to the shop')
    .requiredOption('--order <channel:id>', 'the order, e.g. shopify:1001')
    .requiredOption('--sku <sku>', 'the sku returned')
    .requiredOption('--qty <n>', 'how many units')
    .requiredOption('--to <location>', 'where the units are now, e.g. store')
    .option('--restock', 'put the units back into stock there (the default)')
    .option('--damaged', 'record the return without stock')
    .option('--refund <amount>', 'refund given, e.g. 14.90 (default: unit price × qty)')
    .option('-k, --key <key>', 'idempotency key: the same key again records nothing new')
    .addHelpText('after', `
Refused (exit 3) when more would come back than was sold minus what is already returned.
Restocked units enter the ledger; every channel gets them at its next sync.

Example:
  omni returns add --order shopify:1001 --sku MUG-STONE-350 --qty 1 --to store --restock`)
    .action(lazy('returns', 'add'));

  const po = program.command('po').description('purchasing: suggestions, purchase orders, deliveries, invoices')
    .addHelpText('after', `
The cycle: suggest → create (drafts) → export (e-mail it) → receive (stock is booked) → check-invoice.
Examples:
  omni po suggest
  omni po suggest --create
  omni po export PO-2026-0001 -f xlsx
  omni po receive PO-2026-0001 --file delivery.csv --to warehouse
  omni po check-invoice PO-2026-0001 invoice.xlsx`);
  po.command('suggest').description('propose purchase orders per supplier from stock, reorder points and sales')
    .option('--supplier <code>', 'only this supplier')
    .option('--velocity <window>', 'skus without a reorder point reorder from sales over this window, e.g. 30d')
    .option('--safety-days <n>', 'velocity mode: days of sales kept as safety stock', '7')
    .option('--cover-days <n>', 'velocity mode: days of sales one order should cover', '30')
    .option('--create', 'create the suggested purchase orders as drafts')
    .addHelpText('after', `
Counts open purchase orders as on order, rounds up to pack sizes and minimum orders, and picks the
cheapest supplier. Examples:
  omni po suggest
  omni po suggest --supplier nordkeramik --velocity 30d --create`)
    .action(lazy('po', 'suggest'));
  po.command('create').description('create a purchase order from lines, or from the suggestion')
    .option('--supplier <code>', 'the supplier (from supplier feeds)')
    .option('--line <spec...>', 'lines as SKU:QTY or SKU:QTY:COST, e.g. MUG-STONE-350:48 POT-GLASS-1L:8:11.50')
    .option('--from-suggestion', 'create what `omni po suggest` proposes')
    .addHelpText('after', `
Examples:
  omni po create --supplier nordkeramik --line MUG-STONE-350:48 POT-GLASS-1L:8:11.50
  omni po create --from-suggestion`)
    .action(lazy('po', 'create'));
  po.command('list').description('purchase orders with status and total')
    .addHelpText('after', `
Example:
  omni po list`)
    .action(lazy('po', 'list'));
  po.command('show <po>').description('one purchase order with ordered and received quantities')
    .addHelpText('after', `
Example:
  omni po show PO-2026-0001`)
    .action(lazy('po', 'show'));
  po.command('export <po>').description('write a purchase order as CSV or XLSX for e-mailing')
    .addOption(new Option('-f, --format <format>', 'csv or xlsx (default: from --output, else csv)').choices(['csv', 'xlsx']))
    .option('-o, --output <file>', 'the file to write (default: PO-NUMBER.csv|xlsx here)')
    .addHelpText('after', `
Examples:
  omni po export PO-2026-0001 -f xlsx
  omni po export PO-2026-0001 -o ~/mail/order.csv`)
    .action(lazy('po', 'exportPo'));
  po.command('receive <po>').description('book a delivery into stock and report short, over and unexpected units')
    .option('--file <file>', 'delivery note (CSV/XLSX) with sku (or supplier_sku) and quantity columns')
    .option('--sku <sku>', 'one sku received (with --qty)')
    .option('--qty <n>', 'units of --sku received')
    .requiredOption('--to <location>', 'where the goods arrived, e.g. warehouse')
    .option('-k, --key <key>', 'idempotency key (a delivery file is keyed by its content already)')
    .option('--skip-unknown', 'book the lines whose codes are known; list the unknown ones and leave them out (exit 3)')
    .addHelpText('after', `
The delivery note's codes may be master skus, the supplier's skus, barcodes or codes mapped with
\`omni suppliers map\`. One unknown code refuses the whole delivery (nothing booked) unless
--skip-unknown. Receiving the same file again books only what is not booked yet.

Examples:
  omni po receive PO-2026-0001 --file delivery.csv --to warehouse
  omni po receive PO-2026-0001 --file delivery.xlsx --to warehouse --skip-unknown
  omni po receive PO-2026-0001 --sku MUG-STONE-350 --qty 48 --to store`)
    .action(lazy('po', 'receive'));
  po.command('check-invoice <po> <file>').description('compare an invoice (CSV/XLSX) with the order and what was received')
    .addHelpText('after', `
Columns: sku (or supplier_sku), quantity, unit_price, optionally currency. Prices as the file
writes them (12.50, or 12,50 in a ;-separated file).
Exit codes: 0 the invoice matches; 1 mismatches listed; 2 unreadable or another currency.

Example:
  omni po check-invoice PO-2026-0001 invoice.xlsx`)
    .action(lazy('po', 'checkInvoice'));

  const suppliers = program.command('suppliers').description("suppliers' codes for your products");
  suppliers.command('map <supplier> <code> <sku>').description("the supplier's code CODE means the master sku SKU (delivery notes, invoices, feeds)")
    .addHelpText('after', `
For a code on a delivery note or invoice that omni does not know (not a master sku, not the
supplier's sku in its feed, not a barcode). Mapping it again to another sku replaces the mapping.

Example:
  omni suppliers map nordkeramik NK-5102-B CUP-ESPRESSO-2
  omni po receive PO-2026-0001 --file delivery.csv --to warehouse`)
    .action(lazy('suppliers', 'map'));
}
