// Standing reports.
import { lazy, Option, type Command } from './lazy.js';

export function registerReports(program: Command): void {
  const report = program.command('report').description('standing reports: low stock, sales, best sellers, stock by location, the run journal')
    .addHelpText('after', `
Each report prints a table; -f json|csv|html (or -o FILE.html|.csv|.json) writes it for scripts,
spreadsheets or a browser. Days and times are the shop's (config.yaml \`timezone\`).

Examples:
  omni report sales --since 7d -f html           # this week's sales as a page with charts
  omni report best-sellers --top 10 -f csv -o best.csv
  omni report stock-by-location
  omni report journal --since 2026-06-01`);
  report.command('low-stock').description('products at or below their reorder point')
    .addOption(new Option('-f, --format <format>', 'table, json or csv').choices(['table', 'json', 'csv']).default('table'))
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .addHelpText('after', `
Examples:
  omni report low-stock
  omni report low-stock -f csv -o low.csv        # for the spreadsheet you order from`)
    .action(lazy('report', 'lowStock'));

  const output = (c: Command) => c
    .addOption(new Option('-f, --format <format>', 'table, json, csv or html').choices(['table', 'json', 'csv', 'html']))
    .option('-o, --output <file>', 'write to a file (html defaults to reports_dir/NAME-DAY.html)');
  const period = (c: Command, defaultSince: string) => c
    .option('--since <when>', `from: 30d, 12w, 6m, 1y (back from today, whole days) or a date 2026-01-31 (default ${defaultSince})`)
    .option('--until <when>', 'up to (not including) a date, e.g. 2026-02-01 (default now)');

  period(output(report.command('sales').description('gross sales, returns and net revenue per channel, product or location, with charts in HTML')), '30d')
    .addOption(new Option('--by <what>', 'group by').choices(['channel', 'product', 'location']).default('channel'))
    .addHelpText('after', `
Gross is what was sold; returns are what came back of those sales (the refund recorded, else the
units at their price); net = gross - returns. Days are the shop's days (config.yaml \`timezone\`).

Examples:
  omni report sales                                # the last 30 days per channel
  omni report sales --by product --since 2026-06-01 --until 2026-07-01 -f html
  omni report sales -f csv -o sales.csv`)
    .action(lazy('report-sales', 'sales'));
  period(output(report.command('best-sellers').description('the best-selling skus per channel, by net revenue')), '30d')
    .option('--top <n>', 'how many per channel', '5')
    .addHelpText('after', `
Examples:
  omni report best-sellers --top 10
  omni report best-sellers --since 12w -f html`)
    .action(lazy('report-sales', 'bestSellers'));
  output(report.command('stock-by-location').description('units on hand now and their value at cost, per location'))
    .addHelpText('after', `
A snapshot of now (no period). Examples:
  omni report stock-by-location
  omni report stock-by-location -f html`)
    .action(lazy('report-sales', 'stockLocations'));
  period(output(report.command('journal').description('the run journal (every sync and job with its outcome)')), 'none: the newest runs')
    .option('--limit <n>', 'how many runs', '30')
    .addHelpText('after', `
Examples:
  omni report journal --limit 100 -f csv -o runs.csv
  omni report journal --since 7d -f html`)
    .action(lazy('report-sales', 'journal'));
}
