// Credentials and reachability of one channel, for `omni doctor`: the connector's own check.
import type { Config } from '../config/schema.js';
import type { Check } from './doctor.js';
import { createConnector, hasConnector } from './connectors.js';
import { isUserError } from '../core/errors.js';

const quiet = { info: () => undefined, debug: () => undefined, warn: () => undefined };

export async function checkChannel(config: Config, configDir: string, name: string): Promise<Check> {
  const channel = config.channels[name]!;
  if (!hasConnector(channel.type)) {
    return {
      name: `channel ${name}`, status: 'warn',
      message: `type "${channel.type}": this version of omni has no connector for it yet, so it cannot be reached or synced`,
      hint: 'Its stock rules are used by `omni stock`; syncing arrives with the connector.',
    };
  }
  try {
    const connector = await createConnector(config, configDir, name, quiet);
    const r = await connector.check();
    await connector.close?.();
    if (r.ok && r.warnings?.length) {
      return { name: `channel ${name}`, status: 'warn', message: [r.message, ...r.warnings].join('\n      '), hint: 'omni leaves these alone; see each line for what to do.' };
    }
    return r.ok ? { name: `channel ${name}`, status: 'pass', message: r.message }
      : { name: `channel ${name}`, status: 'fail', message: r.message, hint: r.hint ?? `Check the credentials and the network; \`omni sync --channel ${name} --dry-run -v\` shows more.` };
  } catch (e) {
    if (!isUserError(e)) throw e;
    return { name: `channel ${name}`, status: 'fail', message: [e.message, ...e.details].join('\n      '), ...(e.hint ? { hint: e.hint } : {}) };
  }
}
