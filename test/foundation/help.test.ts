// `--help` that teaches: every command omni has shows at least one example of how it is typed.
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import type { Command } from '../../src/cli/tree/lazy.js';

function leaves(c: Command, path: string[] = []): [string, Command][] {
  const subs = c.commands.filter((s) => s.name() !== 'help');
  // a group that also runs on its own (`omni stock`, `omni runs`) is a command too
  const self: [string, Command][] = path.length && ((c as unknown as { _actionHandler: unknown })._actionHandler) ? [[path.join(' '), c]] : [];
  return subs.length ? [...self, ...subs.flatMap((s) => leaves(s, [...path, s.name()]))] : [[path.join(' '), c]];
}

function helpText(c: Command): string {
  let out = '';
  c.configureOutput({ writeOut: (s) => { out += s; }, writeErr: (s) => { out += s; } });
  c.outputHelp();
  return out;
}

describe('omni COMMAND --help', () => {
  const program = buildProgram();
  const commands = leaves(program);

  it('covers every command', () => {
    expect(commands.map(([n]) => n)).toEqual(expect.arrayContaining(['po receive', 'customers merge', 'report sales', 'stock', 'stock adjust', 'doctor', 'status', 'suppliers map']));
  });

  it.each(commands.map(([n]) => n))('omni %s --help shows an example', (name) => {
    const c = commands.find(([n]) => n === name)![1];
    const text = helpText(c);
    expect(text, text).toMatch(/Examples?:\n\s+omni /);
  });

  it('stock-by-location is a snapshot: it takes no period', () => {
    const c = commands.find(([n]) => n === 'report stock-by-location')![1];
    expect(c.options.map((o) => o.long)).not.toContain('--since');
  });
});
