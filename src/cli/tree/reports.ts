// Standing reports.
import { lazy, Option, type Command } from './lazy.js';

export function registerReports(program: Command): void {
  const report = program.command('report').description('standing reports');
  report.command('low-stock').description('products at or below their reorder point')
    .addOption(new Option('-f, --format <format>', 'table, json or csv').choices(['table', 'json', 'csv']).default('table'))
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(lazy('report', 'lowStock'));

  const reportFormats = (c: Command) => c
    .addOption(new Option('-f, --format <format>', 'table, json, csv or html').choices(['table', 'json', 'csv', 'html']))
    .option('-o, --output <file>', 'write to a file (html defaults to reports_dir/NAME-DATE.html)')
    .option('--since <when>', 'period: 30d, 12w, 6m or a date (default 30d)')
    .option('--until <when>', 'end of the period (default now)');
  reportFormats(report.command('sales').description('units, revenue and share per channel, product or location, with charts in HTML'))
    .addOption(new Option('--by <what>', 'group by').choices(['channel', 'product', 'location']).default('channel'))
    .action(lazy('report-sales', 'sales'));
  reportFormats(report.command('best-sellers').description('the best-selling skus per channel'))
    .option('--top <n>', 'how many per channel', '5')
    .action(lazy('report-sales', 'bestSellers'));
  reportFormats(report.command('stock-by-location').description('units and value at cost per location'))
    .action(lazy('report-sales', 'stockLocations'));
  reportFormats(report.command('journal').description('the run journal (every sync and job with its outcome)'))
    .option('--limit <n>', 'how many runs', '30')
    .action(lazy('report-sales', 'journal'));
}
