// Setting up and keeping the master: init, doctor, demo, products, stock.
import { lazy, Option, type Command } from './lazy.js';

export function registerMaster(program: Command): void {
  program.command('init [dir]')
    .description('write config.yaml and create the database in a folder (default: here)')
    .option('--force', 'overwrite an existing config.yaml')
    .addHelpText('after', `
Writes config.yaml (every key explained inside) and omni.sqlite; running it again changes nothing.
Secrets go in omni.env beside config.yaml (NAME=value a line), never in config.yaml itself.

Examples:
  omni init ~/shop
  omni init . --force        # start config.yaml again from the example`)
    .action(lazy('init', 'init'));

  const db = program.command('db').description('the master itself: copy it to PostgreSQL or to a SQLite file');
  db.command('copy')
    .description('copy the whole master into an empty PostgreSQL database or a new SQLite file, then check it')
    .requiredOption('--to <target>', 'postgres://user:${PASSWORD}@host/db (an empty database) or a new .sqlite file')
    .addHelpText('after', `
Every table is copied in one transaction, then checked: the same row counts, on-hand equal to the
ledger, the same ledger sums. The master is held (no writer can change it) while it runs and is
never changed. Afterwards point \`database:\` in config.yaml at the copy. Commands stay the same.

Examples:
  omni db copy --to 'postgres://omni:\${OMNI_DB_PASSWORD}@db.example.com/omni'
  omni db copy --to postgres://omni@localhost/omni      # password from ~/.pgpass or trust
  omni db copy --to ~/shop/omni-from-postgres.sqlite     # and back, to one SQLite file`)
    .action(lazy('db', 'copy'));

  program.command('doctor')
    .description('check the config, the database and every channel, and print pass/fail')
    .addHelpText('after', `
Checks config.yaml (every problem with its line), the database (migrations, integrity, ledger =
on-hand) and each channel (credentials, reachability, location ids). Changes nothing.
Exit codes: 0 all pass; 1 a check failed; 2 the config does not load.

Examples:
  omni doctor
  omni -c ~/shop/config.yaml doctor`)
    .action(lazy('doctor', 'doctor'));

  program.command('backup')
    .description('copy the master safely while omni runs (SQLite online backup), keeping the newest N')
    .option('--to <dir>', 'where to put it (default: backups/ beside the master, where doctor looks)')
    .option('--keep <n>', 'how many backups of this master to keep in that folder', '7')
    .addHelpText('after', `
Writes <master>-<time>.sqlite, checks it (quick_check) before it counts, and deletes the oldest
beyond --keep. Safe while a sync or import runs. As a nightly job, in config.yaml:
  schedules:
    backup: { cron: "30 2 * * *", command: "backup --keep 14" }
Restore: stop omni's jobs (\`omni schedule uninstall\` or wait), copy the backup over the master
(keep the broken file aside), then \`omni doctor\`; the next sync re-reads what the channels hold.
On PostgreSQL (later) a backup is pg_dump; this command says so.

Examples:
  omni backup
  omni backup --to /mnt/usb/omni-backups --keep 30`)
    .action(lazy('backup', 'run'));

  program.command('demo')
    .description('a throw-away shop: seed the master, sync it with Shopify and Amazon sandboxes, show the result')
    .option('--dir <dir>', 'where to create it (default: a new temp folder)')
    .option('--no-sync', 'only seed the master; do not start the channel sandboxes and sync')
    .addHelpText('after', `
Examples:
  omni demo
  omni demo --dir ./demo-shop --no-sync`)
    .action(lazy('demo', 'demo'));

  const products = program.command('products').description('list, show, add and import products');
  products.command('list').description('list products (sku, title, price)')
    .option('-s, --search <text>', 'only skus, titles or barcodes containing this')
    .addHelpText('after', `
Examples:
  omni products list
  omni products list --search mug`)
    .action(lazy('products', 'list'));
  products.command('show <sku>').description('one product with its stock per location')
    .addHelpText('after', `
Example:
  omni products show MUG-STONE-350`)
    .action(lazy('products', 'show'));
  products.command('add <sku>').description('add a product, or update the fields you give of an existing one')
    .option('-t, --title <title>', 'the product title (required for a new product)')
    .option('-p, --price <price>', 'selling price, e.g. 12.50')
    .option('--cost <cost>', 'purchase cost, e.g. 6.10')
    .option('--barcode <code>', 'EAN/UPC barcode')
    .option('--brand <brand>', 'brand')
    .option('--description <text>', 'description')
    .option('--reorder-point <n>', 'reorder when total stock is at or below this')
    .option('--reorder-qty <n>', 'how many to order then')
    .addHelpText('after', `
Examples:
  omni products add MUG-STONE-350 -t "Stoneware mug, 350 ml" -p 14.90 --cost 5.20 --reorder-point 20
  omni products add MUG-STONE-350 -p 15.90      # only the price changes`)
    .action(lazy('products', 'add'));
  products.command('bundle <sku> <components...>').description('make a product a bundle of others: its quantity is what its scarcest component allows')
    .addHelpText('after', `
Components as SKU:QUANTITY. Giving the components again replaces them. A bundle holds no stock of its own: a sale of one takes
its components off.

Example:
  omni products bundle GIFT-TEA-SET TEA-EARL-100:2 POT-GLASS-1L:1`)
    .action(lazy('products', 'bundle'));
  products.command('import <file>').description('import a simple products CSV (sku,title,price,…); see --help')
    .option('--dry-run', 'check the file and say what would change, writing nothing')
    .addHelpText('after', `
Columns (header row, any order; only sku and title are required):
  sku,title,price,cost,barcode,brand,description,reorder_point,reorder_qty
Comma, semicolon or tab between cells; prices as 12.50, or 12,50 in a ;-separated file (a German
Excel export reads as it is). Every bad row is listed as file:row:column and nothing is written.

Examples:
  omni products import products.csv --dry-run
  omni products import products.csv`)
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
    .addHelpText('after', `
Examples:
  omni stock
  omni stock MUG-STONE-350
  omni stock count MUG-STONE-350 24 -l store
  omni stock adjust MUG-STONE-350 -2 -l store -r broken
  omni explain MUG-STONE-350`)
    .action(lazy('stock', 'show'));
  const moveOpts = (c: Command) => c
    .option('-r, --reason <text>', 'why (kept in the ledger)')
    .option('-k, --key <key>', 'idempotency key: running the same command with the same key again changes nothing')
    .option('--allow-negative', 'allow on-hand to go below zero');
  moveOpts(stock.command('adjust <sku> <delta>').description('add or remove units at a location')
    .requiredOption('-l, --location <code>', 'location code'))
    .addHelpText('after', `
Examples:
  omni stock adjust MUG-STONE-350 -2 -l store -r broken
  omni stock adjust MUG-STONE-350 +12 -l warehouse -k found-2026-06-01   # safe to run twice`)
    .action(lazy('stock', 'adjust'));
  moveOpts(stock.command('count <sku> <counted>').description('record a stocktake: sets on-hand to the counted number via the ledger')
    .requiredOption('-l, --location <code>', 'location code')
    .option('--as-of <time>', 'when the shelf was counted (default now); sales booked after it are kept'))
    .addHelpText('after', `
A count states what was on the shelf at a time. Counted this morning, typed in tonight:
  omni stock count MUG-STONE-350 24 -l store --as-of "2026-03-02 08:30"
sets on-hand to 24 minus what sold (and was booked) since 08:30. The time is in the config's
timezone unless it carries an offset (2026-03-02T08:30:00+01:00); a date alone means its start.

Examples:
  omni stock count MUG-STONE-350 24 -l store`)
    .action(lazy('stock', 'count'));
  stock.command('import <file>').description('book opening stock or a stocktake from a CSV (sku,location,quantity) as counts')
    .option('--dry-run', 'check the file and say what would change, writing nothing')
    .option('--as-of <time>', "when the shelf was counted (default: the file's date)")
    .addHelpText('after', `
Columns (header row, any order): sku,location,quantity — one row per sku and location, quantity is
the counted number. All or nothing: every bad cell is listed as file:row:column and nothing is
booked.

The counts are taken as of --as-of, else the file's modification time: whatever moved after that
(sales booked since) is kept on top of the counted number, so a file read late undoes no sale.
Importing the same file again books nothing; the same numbers counted again later (a new file, or
a new --as-of) are a new count.

Examples:
  omni stock import opening-stock.csv --dry-run
  omni stock import week2.csv --as-of "2026-03-09 07:45"`)
    .action(lazy('stock', 'importCsv'));
  moveOpts(stock.command('transfer <sku> <quantity>').description('move units between two locations')
    .requiredOption('--from <code>', 'from location').requiredOption('--to <code>', 'to location'))
    .addHelpText('after', `
Both legs are booked or neither. Example:
  omni stock transfer MUG-STONE-350 20 --from warehouse --to store`)
    .action(lazy('stock', 'transfer'));
}
