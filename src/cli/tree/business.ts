// One business across channels: customers, orders, returns, purchasing.
import { lazy, Option, type Command } from './lazy.js';

export function registerBusiness(program: Command): void {
  const customers = program.command('customers').description('one customer across channels: list, show, merge, split');
  customers.command('list').description('customers with their channels and order counts')
    .option('-s, --search <text>', 'only names, e-mails or phones containing this')
    .option('--all', 'include customers merged into others')
    .action(lazy('customers', 'list'));
  customers.command('show <id>').description('one customer: every channel identity, order and return')
    .action(lazy('customers', 'show'));
  customers.command('merge <id>').description('merge a customer into another (journalled; undo with split)')
    .requiredOption('--into <id>', 'the customer that stays')
    .option('-r, --reason <text>', 'why (kept in the merge journal)')
    .action(lazy('customers', 'merge'));
  customers.command('split <id>').description('undo the merge of this customer: its identities and orders go back')
    .action(lazy('customers', 'split'));

  const orders = program.command('orders').description('orders from every channel');
  orders.command('list').description('orders, newest first, with filters')
    .option('--channel <name>', 'only this channel')
    .addOption(new Option('--status <status>', 'only this status').choices(['open', 'fulfilled', 'cancelled', 'refunded']))
    .option('--since <when>', 'placed since: 30d, 12w, 6m or a date (2026-01-31)')
    .option('--until <when>', 'placed before: a period or a date')
    .option('--customer <id>', 'only this customer (and customers merged into it)')
    .option('--sku <sku>', 'only orders with this sku')
    .option('--limit <n>', 'at most this many', '200')
    .action(lazy('orders', 'list'));
  orders.command('show <order>').description('one order (CHANNEL:ID) with its lines and returns')
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

  const po = program.command('po').description('purchasing: suggestions, purchase orders, deliveries, invoices');
  po.command('suggest').description('propose purchase orders per supplier from stock, reorder points and sales')
    .option('--supplier <code>', 'only this supplier')
    .option('--velocity <window>', 'skus without a reorder point reorder from sales over this window, e.g. 30d')
    .option('--safety-days <n>', 'velocity mode: days of sales kept as safety stock', '7')
    .option('--cover-days <n>', 'velocity mode: days of sales one order should cover', '30')
    .option('--create', 'create the suggested purchase orders as drafts')
    .action(lazy('po', 'suggest'));
  po.command('create').description('create a purchase order from lines, or from the suggestion')
    .option('--supplier <code>', 'the supplier (from supplier feeds)')
    .option('--line <spec...>', 'lines as SKU:QTY or SKU:QTY:COST, e.g. MUG-STONE-350:48 POT-GLASS-1L:8:11.50')
    .option('--from-suggestion', 'create what `omni po suggest` proposes')
    .action(lazy('po', 'create'));
  po.command('list').description('purchase orders with status and total').action(lazy('po', 'list'));
  po.command('show <po>').description('one purchase order with ordered and received quantities').action(lazy('po', 'show'));
  po.command('export <po>').description('write a purchase order as CSV or XLSX for e-mailing')
    .addOption(new Option('-f, --format <format>', 'csv or xlsx (default: from --output, else csv)').choices(['csv', 'xlsx']))
    .option('-o, --output <file>', 'the file to write (default: PO-NUMBER.csv|xlsx here)')
    .action(lazy('po', 'exportPo'));
  po.command('receive <po>').description('book a delivery into stock and report short, over and unexpected units')
    .option('--file <file>', 'delivery note (CSV/XLSX) with sku (or supplier_sku) and quantity columns')
    .option('--sku <sku>', 'one sku received (with --qty)')
    .option('--qty <n>', 'units of --sku received')
    .requiredOption('--to <location>', 'where the goods arrived, e.g. warehouse')
    .option('-k, --key <key>', 'idempotency key (a delivery file is keyed by its content already)')
    .action(lazy('po', 'receive'));
  po.command('check-invoice <po> <file>').description('compare an invoice (CSV/XLSX) with the order and what was received')
    .addHelpText('after', `
Columns: sku (or supplier_sku), quantity, unit_price, optionally currency.
Exit codes: 0 the invoice matches; 1 mismatches listed; 2 unreadable or another currency.`)
    .action(lazy('po', 'checkInvoice'));
}
