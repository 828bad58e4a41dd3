// Keeping channels in step: sync, the run journal, and the channel sandboxes.
import { lazy, Option, type Command } from './lazy.js';

export function registerSync(program: Command): void {
  program.command('sync')
    .description('pull what changed on channels, plan the differences, push only those')
    .option('--channel <name...>', 'the channel(s) to sync, as named under `channels:` in config.yaml')
    .option('--all', 'every enabled channel (pulls all before planning any)')
    .option('-n, --dry-run', 'pull and plan, then roll everything back: nothing is sent or saved; the report is written')
    .option('--force', 'push even when a guard refuses the plan (too many zeroed listings or big price moves)')
    .option('--report <formats>', 'more report files besides the md and json ones, e.g. csv,html')
    .option('--accept', 'apply a POS count export that a feed circuit breaker stops (you looked at it)')
    .option('--plan-out <file>', 'save the plan to FILE for review instead of pushing (like --dry-run); push it later with `omni apply FILE`')
    .addHelpText('after', `
Each run: pull (listings, orders since the last run, FBA counts) → apply to the master (orders
become sales in the ledger) → plan (only what differs) → guards → push → journal (omni runs).
A run that fails or is killed loses nothing: the next run recomputes everything and converges.

A POS count export with far fewer rows than the last one, another header, or that would zero most
of the stock (breakers: in config.yaml) is not applied: it goes to quarantine/ beside the master, an
alert goes out, and the run is refused (exit 3). If it is right, put it back and sync with --accept.

Exit codes: 0 all applied; 1 a channel failed; 3 refused by a guard or a feed breaker, or partly
applied (stale or failed changes: see the report).

Examples:
  omni sync --channel amazon
  omni sync --all --dry-run --report html
  omni sync --channel shopify --plan-out plan.json`)
    .action(lazy('sync', 'run'));

  program.command('watch')
    .description('keep every channel in step within seconds: read what changed as often as each API allows, push only the skus that moved')
    .option('--channel <name...>', 'the channel(s) to watch (default: `watch.channels` in config.yaml, else every enabled channel)')
    .option('--all', 'every enabled channel')
    .option('--once', 'one pass (each channel read once for what changed, its moved skus pushed), then exit')
    .addHelpText('after', `
A long-running process (foreground; logs to stderr). Each channel is read on its own timer, as often
as its API's documented limits allow (Shopify every 10 s, Amazon every 360 s, a POS folder on file
events and every 5 s; see docs/watch.md), and the ledger is looked at every 2 s for local changes
(a \`stock adjust\`, a receipt, a return). After a change, only the skus that moved (and the
bundles made of them) are planned and pushed on every channel, with the guards, compare-and-swap
and journal of \`omni sync\`. A full reconcile (\`omni sync\`) runs at start and every
\`watch.reconcile_minutes\` (default 60). The writer lock is taken per cycle, so other commands
keep working beside it. A failing channel backs off (announced) while the others carry on.
SIGTERM or Ctrl-C ends the current push and exits; the next start resumes where it stopped.

Config (optional):
  watch:
    channels: [shopify, amazon, pos]
    interval_seconds: { amazon: 180 }   # never under the API's floor
    reconcile_minutes: 60

Examples:
  omni watch --all
  omni watch --channel shopify pos
  omni watch --all --once -v`)
    .action(lazy('watch', 'run'));

  program.command('apply <plan>').description('push a plan saved by `omni sync --plan-out`, exactly, if nothing moved since')
    .option('--force', 'push even when a guard refuses the plan (a stale plan is refused regardless)')
    .option('--report <formats>', 'more report files besides the md and json ones, e.g. csv,html')
    .addHelpText('after', `
A saved plan holds each change (channel, channel sku, sku, before, after) and fingerprints of what
it was computed from: the master (the last ledger movement, products, bundles, listing mappings,
the channel's rules) and what the channel showed. apply reads the channel again and refuses the
plan (exit 3, nothing sent) when either moved since, naming what: "master moved since the plan",
"channel value differs for sku X". Otherwise it pushes exactly the planned changes through the
same path as sync: guards, compare-and-set against each change's "before", the run journal.
A file that is not an omni plan (or of another version) is exit 2.

Exit codes: 0 all applied; 1 the channel failed; 2 not a plan; 3 stale, refused by a guard, or
partly applied.

Examples:
  omni sync --channel shopify --plan-out plan.json
  omni apply plan.json
  omni apply plan.json --report html`)
    .action(lazy('apply', 'run'));

  const runs = program.command('runs').description('the run journal: every sync with its outcome')
    .option('--limit <n>', 'how many runs to show', '30')
    .addHelpText('after', `
Examples:
  omni runs --limit 10
  omni runs show 42`)
    .action(lazy('runs', 'list'));
  runs.command('show <id>').description('one run with each change and its outcome')
    .addHelpText('after', `
Example:
  omni runs show 42`)
    .action(lazy('runs', 'show'));
  runs.command('undo <id>').description('reverse what a local run booked (a stock, products or supplier import, a POS file sync)')
    .option('-n, --dry-run', 'say what would be reversed, booking nothing')
    .addHelpText('after', `
Each movement the run booked gets a compensating movement (key undo:<run>:<movement>), so undoing
twice books nothing more; a products import's products are put back as they were (products it
created are archived). The undo is a run of its own (job undo:<id>) in \`omni runs\`.

Not undone, and said so: what was sent to channels (the next sync corrects them), a movement a later
count superseded (the count stands), a product changed again since. A channel sync (Shopify,
Amazon) is refused: its orders happened, and what it sent is on the channel.

Exit codes: 0 undone; 2 not a run omni can undo; 3 partly undone (see "Not undone").

Examples:
  omni runs undo 42 --dry-run
  omni runs undo 42`)
    .action(lazy('runs', 'undo'));

  const listings = program.command('listings').description('which master sku each channel listing is: map channel skus that differ, see what is unmatched')
    .addHelpText('after', `
A listing is a channel's own sku (an Amazon seller sku, a Shopify variant sku). omni matches it to a
master sku by your mapping first, then by the same sku, then by barcode (EAN/UPC) where the channel
reports one (match_by_barcode: false turns that off). An unmatched listing is never pushed to; it is
named in every sync report, counted in \`omni status\` and listed by \`omni listings unmatched\`.
Several channel skus may map to one master sku (an Amazon FBA and a merchant-fulfilled offer).

Examples:
  omni listings unmatched --channel amazon
  omni listings map amazon AMZ-TOWEL-01 TOWEL-LINEN
  omni listings import amazon-skus.csv      # channel,channel_sku,sku
  omni listings list --sku MUG-STONE-350`);
  listings.command('list').description('every listing (and mapping) with its master sku and how it was matched')
    .option('--channel <name>', 'only this channel')
    .option('--sku <sku>', 'only listings of this master sku')
    .addHelpText('after', `
Examples:
  omni listings list --channel amazon
  omni listings list --sku MUG-STONE-350 --json`)
    .action(lazy('listings', 'list'));
  listings.command('unmatched').description('listings that match no master sku (not synced), and why')
    .option('--channel <name>', 'only this channel')
    .addHelpText('after', `
Examples:
  omni listings unmatched
  omni listings unmatched --channel amazon --json`)
    .action(lazy('listings', 'unmatched'));
  listings.command('map <channel> <channel_sku> <sku>').description('map a channel sku to a master sku (replaces an earlier mapping)')
    .addHelpText('after', `
The mapping is used at once for orders and at the next sync for the listing.

Examples:
  omni listings map amazon AMZ-MUG-FBA MUG-STONE-350
  omni listings map shopify SH-TOWEL TOWEL-LINEN`)
    .action(lazy('listings', 'map'));
  listings.command('unmap <channel> <channel_sku>').description('remove a mapping (the listing then matches by identity or barcode, or not at all)')
    .addHelpText('after', `
Examples:
  omni listings unmap amazon AMZ-MUG-FBA`)
    .action(lazy('listings', 'unmap'));
  listings.command('import <file>').description('map many channel skus from a CSV: channel,channel_sku,sku')
    .option('--dry-run', 'check the file and say what would change, saving nothing')
    .addHelpText('after', `
Columns (header row, any order): channel,channel_sku,sku. All or nothing: every bad cell (unknown
channel or master sku, a channel sku twice) is named as file:row:column and nothing is saved.
Importing the same file again changes nothing.

Example file:
  channel,channel_sku,sku
  amazon,AMZ-MUG-350,MUG-STONE-350
  amazon,AMZ-MUG-350-FBA,MUG-STONE-350

Examples:
  omni listings import amazon-skus.csv --dry-run
  omni listings import amazon-skus.csv`)
    .action(lazy('listings', 'importCsv'));

  const sandbox = program.command('sandbox').description('local emulators of the channels\' APIs, to try omni without real credentials');
  sandbox.command('shopify').description('a Shopify Admin GraphQL API (2026-10) on loopback, seeded with a demo shop')
    .option('-p, --port <n>', 'port (0 picks a free one)', '8081')
    .option('--seed <file>', 'seed JSON (default fixtures/shopify/seed.json)')
    .addHelpText('after', `
Prints the endpoint and the (fake) access token to put in config.yaml and omni.env. Example:
  omni sandbox shopify --port 0`)
    .action(lazy('sandbox', 'shopify'));
  sandbox.command('amazon').description('an Amazon SP-API (listings, feeds, FBA, orders, LWA) on loopback, with its rate limits')
    .option('-p, --port <n>', 'port (0 picks a free one)', '8082')
    .option('--seed <file>', 'seed JSON (default fixtures/amazon/seed.json)')
    .addHelpText('after', `
Prints the endpoints and the (fake) credentials to put in config.yaml and omni.env. Example:
  omni sandbox amazon --port 0`)
    .action(lazy('sandbox', 'amazon'));
}
