// How a failure reaches a person: a user error as message, details and a hint (no stack);
// anything else as a bug with its stack and where to report it. Always redacted.
import { isUserError, ExitCode } from '../core/errors.js';
import { Output, type GlobalOptions } from './output.js';
import { HttpError } from '../http/client.js';
import { asDamage } from '../db/open.js';
import { capMessage } from '../core/text.js';

/** A file or folder the user named that is missing or closed to us: their problem to fix, not a bug. */
function fileProblem(e: unknown): { message: string; hint: string } | undefined {
  const err = e as NodeJS.ErrnoException;
  if (!err || typeof err.code !== 'string' || typeof err.path !== 'string') return undefined;
  const what: Record<string, [string, string]> = {
    ENOENT: ['does not exist', 'Check the path; create the folder first if omni should write there.'],
    ENOTDIR: ['is not inside a folder', 'A part of the path is a file, not a folder.'],
    EISDIR: ['is a folder, not a file', 'Give a file name.'],
    EACCES: ['is not open to this user', 'Check its permissions, or write somewhere else.'],
    EPERM: ['is not open to this user', 'Check its permissions, or write somewhere else.'],
    EROFS: ['is on a read-only disk', 'Write somewhere else.'],
    ENOSPC: ['cannot be written: the disk is full', 'Free some space and run again.'],
  };
  const w = what[err.code];
  return w ? { message: `${err.path} ${w[0]} (${err.syscall ?? 'file'}).`, hint: w[1] } : undefined;
}

export function reportError(thrown: unknown, g: GlobalOptions): number {
  const out = new Output(g);
  // SQLite finding the master unreadable mid-command is a damaged file, not a bug in omni.
  const e = asDamage(thrown) ?? thrown;
  if (isUserError(e)) {
    // The last cap on echoes of user input: a line of a file can be megabytes long.
    out.error(capMessage(e.message, 2000));
    for (const d of e.details.slice(0, 200)) out.error(`  ${capMessage(d, 500)}`);
    if (e.details.length > 200) out.error(`  … and ${e.details.length - 200} more`);
    if (e.hint) process.stderr.write(`  ${out.paint('36', 'hint:')} ${capMessage(e.hint, 1000)}\n`);
    return e.exitCode;
  }
  const fs = fileProblem(e);
  if (fs) {
    out.error(fs.message);
    process.stderr.write(`  ${out.paint('36', 'hint:')} ${fs.hint}\n`);
    return ExitCode.usage;
  }
  if (e instanceof HttpError) {
    out.error(capMessage(e.message, 2000));
    process.stderr.write(`  ${out.paint('36', 'hint:')} check the endpoint, the credentials and the network (\`omni doctor\`).\n`);
    return ExitCode.failed;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  out.error(`omni hit a bug: ${capMessage(err.message, 2000)}`);
  if (err.stack) out.error(err.stack);
  out.error('Please report this with the command you ran (the stack above has no secrets): https://github.com/omni-inventory/omni/issues');
  return ExitCode.failed;
}
