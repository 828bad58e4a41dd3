// The command tree. Only commander is loaded up front: each command's module (and with it zod,
// drizzle, SQLite, connectors) is imported when that command runs, so `omni --help` stays fast.
import type { GlobalOptions } from './output.js';
import { packageVersion } from '../package-root.js';
import { commander, type Command } from './tree/lazy.js';
import { registerMaster } from './tree/master.js';
import { registerImports } from './tree/imports.js';
import { registerSync } from './tree/sync.js';
import { registerSchedule } from './tree/schedule.js';
import { registerBusiness } from './tree/business.js';
import { registerReports } from './tree/reports.js';

const { Command: CommandClass, CommanderError } = commander;

export function buildProgram(): Command {
  const program = new CommandClass('omni')
    .description('Multichannel inventory sync for small retailers: one master, every channel in step.')
    .version(packageVersion(), '-V, --version')
    .option('-c, --config <file>', 'config file (env OMNI_CONFIG)', undefined)
    .option('--db <file>', 'SQLite master, overriding `database:` in the config (env OMNI_DB)')
    .option('--json', 'machine-readable output on stdout; messages stay on stderr')
    .option('-q, --quiet', 'print only results and errors (for cron)')
    .option('-v, --verbose', 'print more detail about what happens')
    .option('--no-color', 'no colours in terminal output')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', `
Exit codes: 0 ok, 1 failed, 2 bad usage or config, 3 refused by a guard or partly applied.

Start here:
  omni demo                 try everything in a throw-away workspace
  omni init my-shop         write config.yaml and create the database
  omni doctor               check config, database and channels`);

  registerMaster(program);
  registerImports(program);
  registerSync(program);
  registerSchedule(program);
  registerBusiness(program);
  registerReports(program);
  return program;
}

/** Runs the CLI and returns the exit code (never calls process.exit, so tests can call it). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  // omni.env beside the config is read before any command that uses the config (environment
  // variables still win), so a terminal, cron and systemd see the same secrets. (Here, not in
  // buildProgram: the schedule's command check builds the tree too and must read nothing.)
  program.hook('preAction', async (_program, action) => {
    if (OWN_WORKSPACE.has(topLevel(action).name())) return;
    const g = action.optsWithGlobals() as GlobalOptions;
    const { loadWorkspaceEnv } = await import('../app/schedule/env-file.js');
    loadWorkspaceEnv(g.config ?? process.env.OMNI_CONFIG ?? 'config.yaml');
  });
  program.exitOverride();
  for (const c of allCommands(program)) c.exitOverride();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version are not failures; everything else commander rejects is bad usage
      return e.exitCode === 0 ? 0 : 2;
    }
    const { reportError } = await import('./report-error.js');
    return reportError(e, program.opts() as GlobalOptions);
  }
}

/** Commands that make their own workspace (or none) rather than reading the one -c names. */
const OWN_WORKSPACE = new Set(['demo', 'init', 'sandbox']);

function topLevel(c: Command): Command {
  return c.parent?.parent ? topLevel(c.parent) : c;
}

function allCommands(c: Command): Command[] {
  return c.commands.flatMap((sub) => [sub, ...allCommands(sub)]);
}
