// Bringing outside data in: supplier feeds.
import { lazy, type Command } from './lazy.js';

export function registerImports(program: Command): void {
  const imp = program.command('import').description('bring outside data into the master (supplier feeds)');
  imp.command('supplier <name> [source]')
    .description('import a supplier price and stock list (CSV/TSV/TXT, XLSX, XLS, ODS) from a file, a glob or a URL')
    .option('-n, --dry-run', 'read and check the feed, report what would change, write nothing')
    .option('--skip-invalid', 'import the good rows; bad rows go to a rejects CSV beside the report (exit 3)')
    .option('--create-new', "create products the master lacks, with the feed's title, brand, barcode, price and cost")
    .option('--report <formats>', 'more report files under reports_dir besides the md and json ones, e.g. csv,html')
    .option('--accept', 'apply the file even though a feed circuit breaker stops it (you looked at it)')
    .addHelpText('after', `
[source] is a file, a glob in the file name (newest match wins, e.g. 'feeds/acme-*.csv'), or an
http(s) URL; without it, \`file:\` under suppliers.<name> in config.yaml is used.
The supplier's columns, number format, sheet and header row are set in config.yaml (see
config.example.yaml). All or nothing: any bad row and nothing is written; every problem is listed
as file:row:column. Rows missing from the feed are reported, never deleted.
Breakers: a file with far fewer rows than the last import (breakers.max_row_drop, default 50%),
another header, or that would zero most of the stock (breakers.max_zeroed, default 50%) is not
applied: it is moved to quarantine/ beside the master, an alert goes out, and the exit is 3. Look
at it; if it is right, import it again with --accept.
Exit codes: 0 ok, 2 bad rows or config (nothing written), 3 bad rows skipped with --skip-invalid
or the file stopped by a breaker.

Examples:
  omni import supplier acme prices.xlsx --dry-run --report html
  omni import supplier acme https://example.com/feed.csv --skip-invalid
  omni import supplier acme quarantine/acme-2026-06-01T07-00-00-000Z.csv --accept`)
    .action(lazy('import', 'supplier'));
}
