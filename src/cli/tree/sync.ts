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
    .addHelpText('after', `
Each run: pull (listings, orders since the last run, FBA counts) → apply to the master (orders
become sales in the ledger) → plan (only what differs) → guards → push → journal (omni runs).
A run that fails or is killed loses nothing: the next run recomputes everything and converges.

Exit codes: 0 all applied; 1 a channel failed; 3 refused by a guard or partly applied (stale or
failed changes: see the report).

Examples:
  omni sync --channel amazon
  omni sync --all --dry-run --report html`)
    .action(lazy('sync', 'run'));

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
