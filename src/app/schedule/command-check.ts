// A scheduled job's command checked against the real command tree (the same commander program
// `omni` builds), without running anything: a typo ("sync --al") is found when the schedule is
// listed, installed or about to run, and named with its line in config.yaml — not at 3 a.m. in
// a log. Only the schedule commands load this; `omni --help` never builds the tree twice.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, type Node } from 'yaml';
import { buildProgram } from '../../cli/main.js';
import { commander, type Command } from '../../cli/tree/lazy.js';
import { splitArgs } from './args.js';
import { usageError } from '../../core/errors.js';
import type { JobConfig } from './config.js';

class Matched extends Error {}

/** What is wrong with `omni ARGS` as commander sees it (e.g. "unknown option '--al' (did you mean --all?)"), or undefined. */
export function commandProblem(args: readonly string[]): string | undefined {
  const program = buildProgram();
  const quiet = (c: Command): void => {
    c.exitOverride();
    c.configureOutput({ writeOut: () => {}, writeErr: () => {}, outputError: () => {} });
    for (const sub of c.commands) quiet(sub);
  };
  quiet(program);
  // Runs after commander has checked the arguments and options, before the action: stop there.
  program.hook('preAction', () => { throw new Matched(); });
  try {
    program.parse([...args], { from: 'user' });
  } catch (e) {
    if (e instanceof Matched) return undefined;
    if (!(e instanceof commander.CommanderError)) throw e;
    if (e.code === 'commander.help') {
      const group = deepest(program, args);
      return `"${commandPath(group)}" needs a subcommand: ${group.commands.map((c) => c.name()).join(', ')}`;
    }
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 'it only prints help or the version: name a command that does the work';
    return e.message.replace(/^error:\s*/i, '').replace(/\s*\n\s*/g, ' ').replace('(Did you mean', '(did you mean').trim();
  }
  // Parsed without reaching an action: nothing would run.
  return `"${args.join(' ')}" runs no command`;
}

function deepest(program: Command, args: readonly string[]): Command {
  let c = program;
  for (const a of args) {
    if (a.startsWith('-')) continue;
    const sub = c.commands.find((s) => s.name() === a || s.aliases().includes(a));
    if (!sub) break;
    c = sub;
  }
  return c;
}

function commandPath(c: Command): string {
  const names: string[] = [];
  for (let x: Command | null = c; x?.parent; x = x.parent) names.unshift(x.name());
  return names.join(' ');
}

/** The line of `schedules.NAME.command` in the config file, when it can be read. */
export function commandLines(configFile: string): (job: string) => number | undefined {
  let text: string;
  try { text = readFileSync(configFile, 'utf8'); } catch { return () => undefined; }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  return (job) => {
    const node = doc.getIn(['schedules', job, 'command'], true) as Node | undefined;
    return node?.range ? counter.linePos(node.range[0]).line : undefined;
  };
}

/** Each job whose command the CLI would refuse: `config.yaml:LINE: schedules.NAME.command: problem`. */
export function jobCommandProblems(configFile: string, jobs: Record<string, Pick<JobConfig, 'command'>>, only?: readonly string[]): { job: string; message: string }[] {
  const lineOf = commandLines(configFile);
  const out: { job: string; message: string }[] = [];
  for (const [job, j] of Object.entries(jobs)) {
    if (only && !only.includes(job)) continue;
    let problem: string | undefined;
    try { problem = commandProblem(splitArgs(j.command)); } catch (e) { problem = (e as Error).message; }
    if (!problem) continue;
    const line = lineOf(job);
    out.push({ job, message: `${path.basename(configFile)}${line ? `:${line}` : ''}: schedules.${job}.command: ${problem}` });
  }
  return out;
}

/** Throws a usage error (exit 2) listing every job command the CLI would refuse. */
export function assertJobCommands(configFile: string, jobs: Record<string, Pick<JobConfig, 'command'>>): void {
  const problems = jobCommandProblems(configFile, jobs);
  if (problems.length > 0) {
    throw usageError(`${path.basename(configFile)} has ${problems.length} job command${problems.length === 1 ? '' : 's'} omni would refuse.`,
      'Fix each command named above (it is what you would type after `omni`); `omni COMMAND --help` lists its options.', problems.map((p) => p.message));
  }
}
