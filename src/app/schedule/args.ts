// A job's command line ("report low-stock -o 'low stock.csv'") split into argv like a shell
// would for plain words and quotes — no variables, globs or pipes: it is never run by a shell.
export function splitArgs(line: string): string[] {
  const args: string[] = [];
  let cur = '';
  let quote: '"' | "'" | null = null;
  let started = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += c;
    } else if (c === '"' || c === "'") { quote = c; started = true; }
    else if (/\s/.test(c)) { if (started) args.push(cur); cur = ''; started = false; }
    else if (c === '\\' && i + 1 < line.length) { cur += line[++i]; started = true; }
    else if (/[|;&<>`$]/.test(c)) throw new Error(`"${c}" has no meaning here: a job is one omni command, not a shell line`);
    else { cur += c; started = true; }
  }
  if (quote) throw new Error('a quote is not closed');
  if (started) args.push(cur);
  return args;
}
