// How a failure reaches a person: a user error as message, details and a hint (no stack);
// anything else as a bug with its stack and where to report it. Always redacted.
import { isUserError, ExitCode } from '../core/errors.js';
import { Output, type GlobalOptions } from './output.js';

export function reportError(e: unknown, g: GlobalOptions): number {
  const out = new Output(g);
  if (isUserError(e)) {
    out.error(e.message);
    for (const d of e.details.slice(0, 200)) out.error(`  ${d}`);
    if (e.details.length > 200) out.error(`  … and ${e.details.length - 200} more`);
    if (e.hint) process.stderr.write(`  ${out.paint('36', 'hint:')} ${e.hint}\n`);
    return e.exitCode;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  out.error(`omni hit a bug: ${err.message}`);
  if (err.stack) out.error(err.stack);
  out.error('Please report this with the command you ran (the stack above has no secrets): https://github.com/omni-inventory/omni/issues');
  return ExitCode.failed;
}
