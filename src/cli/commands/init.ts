import { initWorkspace } from '../../app/init.js';
import { Output, type GlobalOptions } from '../output.js';

export async function init(args: unknown[], opts: { force?: boolean }, g: GlobalOptions): Promise<number> {
  const out = new Output(g);
  const r = initWorkspace((args[0] as string | undefined) ?? '.', opts);
  out.result('init', r, () => {
    const lines = [
      r.config.written ? `Wrote ${r.config.path} (edit it: every key is explained inside).` : `${r.config.path} already exists; left as it is (--force overwrites it).`,
      r.database.created ? `Created the database ${r.database.path}.`
        : r.database.migrationsApplied > 0 ? `Updated the database ${r.database.path} (${r.database.migrationsApplied} migration(s)).`
          : `The database ${r.database.path} is already up to date.`,
    ];
    if (!r.config.written && !r.database.created && r.database.migrationsApplied === 0) lines.push('Nothing to do: this folder was already initialised.');
    else lines.push('Next: `omni doctor` to check it, `omni products import FILE` to load products.');
    return lines.join('\n');
  });
  return 0;
}
