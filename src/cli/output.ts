// Where things are printed: results on stdout (JSON with --json), messages on stderr, so that
// `omni stock --json | jq` works and cron mails only what matters. Everything passes the redactor.
import { redactor } from '../config/redact.js';
import { jsonText, type JsonFormat } from './json-formats.js';

export interface GlobalOptions {
  config?: string;
  db?: string;
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  color?: boolean;
}

export class Output {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly color: boolean;

  constructor(g: GlobalOptions, private readonly out: NodeJS.WritableStream = process.stdout, private readonly err: NodeJS.WritableStream = process.stderr) {
    this.json = g.json ?? false;
    this.quiet = g.quiet ?? false;
    this.verbose = g.verbose ?? false;
    this.color = (g.color ?? true) && !process.env.NO_COLOR && Boolean((err as NodeJS.WriteStream).isTTY);
  }

  /**
   * The command's result: under --json, `data` in its documented shape `format` (see
   * json-formats.ts: docs/json/FORMAT.schema.json, with its formatVersion); else the human text.
   */
  result(format: JsonFormat, data: object, human: () => string): void {
    if (this.json) this.out.write(redactor.redact(jsonText(format, data)));
    else this.out.write(redactor.redact(human()) + '\n');
  }

  /** A progress or status message (stderr; hidden by --quiet). */
  info(msg: string): void {
    if (!this.quiet) this.err.write(redactor.redact(msg) + '\n');
  }

  debug(msg: string): void {
    if (this.verbose) this.err.write(redactor.redact(msg) + '\n');
  }

  warn(msg: string): void {
    this.err.write(redactor.redact(this.paint('33', 'warning: ') + msg) + '\n');
  }

  error(msg: string): void {
    this.err.write(redactor.redact(this.paint('31', 'error: ') + msg) + '\n');
  }

  paint(code: string, text: string): string {
    return this.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  }
}

/** A plain text table: columns padded, numbers right-aligned. */
export function table(headers: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const cells = rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map((_h, i) => cells.length > 0 && cells.every((r) => /^-?[\d.,]*$/.test(r[i] ?? '')));
  const fmt = (r: readonly string[]) => r.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [fmt(headers), fmt(widths.map((w) => '-'.repeat(w))), ...cells.map(fmt)].join('\n');
}
