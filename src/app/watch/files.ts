// POS channels speak in files: the folders their exports land in are watched for file events,
// which wake the channel's next read at once. Network shares (SMB, NFS) often send no events, so
// the channel's own poll (every few seconds) stays the fallback; a folder that cannot be watched
// is said once and left to the poll.
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config/schema.js';
import type { Logger } from '../../core/connector.js';

const FILE_KEYS = ['sales_file', 'counts_file', 'items_file'] as const;

/** The folders of a pos-file channel's exports (patterns' folder parts, relative to config.yaml). */
export function exportFolders(config: Config, configDir: string, channel: string): string[] {
  const c = config.channels[channel] as Record<string, unknown> | undefined;
  if (!c || c.type !== 'pos-file') return [];
  const dirs = FILE_KEYS.map((k) => c[k]).filter((v): v is string => typeof v === 'string').map((p) => path.dirname(path.resolve(configDir, p)));
  return [...new Set(dirs)];
}

export function watchExportFolders(config: Config, configDir: string, channels: readonly string[], log: Logger) {
  return (notify: (channel: string) => void): (() => void) => {
    const watchers: FSWatcher[] = [];
    for (const channel of channels) {
      for (const dir of exportFolders(config, configDir, channel)) {
        try {
          const w = watch(dir, { persistent: false }, () => notify(channel));
          w.on('error', (e) => log.warn(`${channel}: file events for ${dir} stopped (${e.message}); polling carries on`));
          watchers.push(w);
        } catch (e) {
          log.warn(`${channel}: cannot watch ${dir} for file events (${(e as Error).message}); polling it instead`);
        }
      }
    }
    return () => { for (const w of watchers) w.close(); };
  };
}
