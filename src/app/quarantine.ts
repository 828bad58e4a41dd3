// A feed file a circuit breaker stopped is moved to `quarantine/` beside the master, under its
// own name plus the time, so the next scheduled import does not read it again and a person can
// look at it (and re-run it with --accept).
import { copyFileSync, mkdirSync, renameSync, unlinkSync } from 'node:fs';
import path from 'node:path';

/** Moves (or, for a download, copies) `file` into `dir`; returns where it went. */
export function quarantine(file: string, display: string, dir: string, now: Date, move: boolean): string {
  mkdirSync(dir, { recursive: true });
  const ext = path.extname(display);
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const to = path.join(dir, `${path.basename(display, ext).replace(/[^\w.-]+/g, '_')}-${stamp}${ext}`);
  if (!move) { copyFileSync(file, to); return to; }
  try {
    renameSync(file, to);
  } catch {
    copyFileSync(file, to); // another file system
    unlinkSync(file);
  }
  return to;
}
