// The pieces every part of the command tree uses: commander (loaded with require, see below) and
// `lazy`, which imports a command's module only when that command runs.
import { createRequire } from 'node:module';
import type * as CommanderModule from 'commander';
import type { GlobalOptions } from '../output.js';

// commander is CommonJS: require() skips the ESM wrapper's source scan (~10 ms of start-up).
export const commander = createRequire(import.meta.url)('commander') as typeof CommanderModule;
export const { Option } = commander;
export type Command = CommanderModule.Command;

type Handler = (args: unknown[], opts: Record<string, unknown>, g: GlobalOptions) => Promise<number | void>;

/** Run `exported` from `module` (under src/cli/commands) with the parsed arguments. */
export function lazy(module: string, exported: string) {
  return async (...argv: unknown[]) => {
    const cmd = argv[argv.length - 1] as Command;
    const opts = argv[argv.length - 2] as Record<string, unknown>;
    const args = argv.slice(0, -2);
    const mod = (await import(`../commands/${module}.js`)) as Record<string, Handler>;
    const code = await mod[exported]!(args, opts, cmd.optsWithGlobals() as GlobalOptions);
    if (typeof code === 'number') process.exitCode = code;
  };
}
