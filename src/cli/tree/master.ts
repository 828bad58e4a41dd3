// Setting up and keeping the master: init, doctor, demo, products, stock.
import { lazy, Option, type Command } from './lazy.js';

export function registerMaster(program: Command): void {
  program.command('init [dir]')
    .description('write config.yaml and create the database in a folder (default: here)')
    .option('--force', 'overwrite an existing config.yaml')
    .action(lazy('init', 'init'));

  program.command('doctor')
    .description('check the config, the database and every channel, and print pass/fail')
    .action(lazy('doctor', 'doctor'));

  program.command('demo')
    .description('a throw-away shop: seed the master, sync it with Shopify and Amazon sandboxes, show the result')
    .option('--dir <dir>', 'where to create it (default: a new temp folder)')
    .option('--no-sync', 'only seed the master; do not start the channel sandboxes and sync')
    .action(lazy('demo', 'demo'));

  const products = program.command('products').description('list, show, add and import products');
  products.command('list').description('list products (sku, title, price)')
    .option('-s, --search <text>', 'only skus, titles or barcodes containing this')
    .action(lazy('products', 'list'));
  products.command('show <sku>').description('one product with its stock per location').action(lazy('products', 'show'));
  products.command('add <sku>').description('add a product, or update the fields you give of an existing one')
    .option('-t, --title <title>', 'the product title (required for a new product)')
    .option('-p, --price <price>', 'selling price, e.g. 12.50')
    .option('--cost <cost>', 'purchase cost, e.g. 6.10')
    .option('--barcode <code>', 'EAN/UPC barcode')
    .option('--brand <brand>', 'brand')
    .option('--description <text>', 'description')
    .option('--reorder-point <n>', 'reorder when total stock is at or below this')
    .option('--reorder-qty <n>', 'how many to order then')
    .action(lazy('products', 'add'));
  products.command('bundle <sku> <components...>').description('make a product a bundle of others: its quantity is what its scarcest component allows')
    .addHelpText('after', `
Components as SKU:QUANTITY, e.g.
  omni products bundle GIFT-TEA-SET TEA-EARL-100:2 POT-GLASS-1L:1
Giving the components again replaces them. A bundle holds no stock of its own: a sale of one takes
its components off.`)
    .action(lazy('products', 'bundle'));
  products.command('import <file>').description('import a simple products CSV (sku,title,price,…); see --help')
    .option('--dry-run', 'check the file and say what would change, writing nothing')
    .addHelpText('after', `
Columns (header row, any order; only sku and title are required):
  sku,title,price,cost,barcode,brand,description,reorder_point,reorder_qty
Prices use a dot (12.50). Every bad row is listed as file:row:column and nothing is written.`)
    .action(lazy('products', 'importCsv'));

  program.command('explain <sku>')
    .description('why a channel shows the number it shows: on-hand, rules, listings, last push')
    .option('--channel <name>', 'only this channel')
    .addHelpText('after', `
For each channel, step by step: on-hand at the locations that feed it (stock_from), the bundle
limit, safety_quantity, buffer, allocation and max_quantity → the number omni publishes (the same
as \`omni stock\` and what the next sync sends); the channel skus it is listed under and how each
was matched; what each showed at the last pull, what omni last pushed, when, and its outcome. A
listing the channel fulfils itself (Amazon FBA) is counted by the channel: omni never pushes it.
SKU may also be a channel's own sku (e.g. an Amazon seller sku).

Examples:
  omni explain MUG-STONE-350
  omni explain GIFT-TEA-SET --channel shopify
  omni explain AMZ-MUG-350 --json`)
    .action(lazy('explain', 'run'));

  const stock = program.command('stock [sku]')
    .description('on-hand per location, the total, and what each channel publishes (`omni explain SKU` says why)')
    .action(lazy('stock', 'show'));
  const moveOpts = (c: Command) => c
    .option('-r, --reason <text>', 'why (kept in the ledger)')
    .option('-k, --key <key>', 'idempotency key: running the same command with the same key again changes nothing')
    .option('--allow-negative', 'allow on-hand to go below zero');
  moveOpts(stock.command('adjust <sku> <delta>').description('add or remove units at a location, e.g. `adjust MUG-1 -2 -l store -r broken`')
    .requiredOption('-l, --location <code>', 'location code'))
    .action(lazy('stock', 'adjust'));
  moveOpts(stock.command('count <sku> <counted>').description('record a stocktake: sets on-hand to the counted number via the ledger')
    .requiredOption('-l, --location <code>', 'location code'))
    .action(lazy('stock', 'count'));
  stock.command('import <file>').description('book opening stock or a stocktake from a CSV (sku,location,quantity) as counts')
    .option('--dry-run', 'check the file and say what would change, writing nothing')
    .addHelpText('after', `
Columns (header row, any order): sku,location,quantity — one row per sku and location, quantity is
the counted number. All or nothing: every bad cell is listed as file:row:column and nothing is
booked. Importing the same file again books nothing (a sale since then is not undone).`)
    .action(lazy('stock', 'importCsv'));
  moveOpts(stock.command('transfer <sku> <quantity>').description('move units between two locations')
    .requiredOption('--from <code>', 'from location').requiredOption('--to <code>', 'to location'))
    .action(lazy('stock', 'transfer'));
}
