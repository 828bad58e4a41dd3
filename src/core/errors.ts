// Two error families, as a shop owner reads them at 7 a.m.:
// - UserError: something the user can fix (bad config, unknown sku). Message + hint, no stack.
// - anything else is a bug: the stack is shown with a request to report it.

export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  refused: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class UserError extends Error {
  readonly hint: string | undefined;
  readonly exitCode: ExitCode;
  /** Extra lines (e.g. every problem found in a file), printed under the message. */
  readonly details: readonly string[];

  constructor(message: string, opts: { hint?: string; exitCode?: ExitCode; details?: readonly string[] } = {}) {
    super(message);
    this.name = 'UserError';
    this.hint = opts.hint;
    this.exitCode = opts.exitCode ?? ExitCode.failed;
    this.details = opts.details ?? [];
  }
}

/** Bad usage or config: exit 2. */
export function usageError(message: string, hint?: string, details?: readonly string[]): UserError {
  return new UserError(message, { hint, exitCode: ExitCode.usage, details });
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
