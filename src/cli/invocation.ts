// How to call omni again from where the user is, for the commands omni prints for them to type
// (the demo's "to keep trying" lines): `omni` when that is on the PATH and is this omni; `npx omni`
// inside this package's folder (where npx finds it); otherwise node with the path to bin/omni.js.
// And the config as a path that works from there (-c), relative when it is below the folder.
import { accessSync, constants, realpathSync } from 'node:fs';
import path from 'node:path';

export interface InvocationFacts {
  cwd: string;
  /** PATH as the user's shell has it. */
  pathVar: string;
  packageRoot: string;
  /** bin/omni.js of this package. */
  bin: string;
}

/** The words that start an omni command, e.g. `npx omni` or `omni`. */
export function omniCommand(f: InvocationFacts): string {
  if (onPath(f)) return 'omni';
  if (isInside(f.cwd, f.packageRoot)) return 'npx omni';
  return `node ${shellWord(shortPath(f.cwd, f.bin))}`;
}

/** `omni -c CONFIG` (the prefix of every printed command), or just omni when CONFIG is ./config.yaml. */
export function omniWithConfig(f: InvocationFacts, configFile: string): string {
  const rel = shortPath(f.cwd, configFile);
  return rel === 'config.yaml' ? omniCommand(f) : `${omniCommand(f)} -c ${shellWord(rel)}`;
}

function onPath(f: InvocationFacts): boolean {
  const ours = real(f.bin);
  for (const dir of f.pathVar.split(path.delimiter)) {
    // npx puts package bins first on the PATH while it runs; the user's own shell has no such entry
    if (dir === '' || /node_modules[\\/]\.bin|[\\/]_npx[\\/]/.test(dir)) continue;
    const candidate = path.join(dir, 'omni');
    try {
      accessSync(candidate, constants.X_OK);
      return real(candidate) === ours;
    } catch { /* not here */ }
  }
  return false;
}

function real(p: string): string {
  try { return realpathSync(p); } catch { return path.resolve(p); }
}

function isInside(dir: string, root: string): boolean {
  const rel = path.relative(real(root), real(dir));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Relative to cwd when the file is below it, else absolute. */
function shortPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : path.resolve(file);
}

function shellWord(s: string): string {
  return /^[\w@+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
