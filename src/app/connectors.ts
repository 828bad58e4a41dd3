// From a channel's config block to a live connector: look up its type, check its own keys with the
// connector's zod schema (errors name channels.NAME.key), and create it.
import type { Config } from '../config/schema.js';
import type { Connector, ConnectorDeps, Logger } from '../core/connector.js';
import { usageError } from '../core/errors.js';
import { connectorTypes } from '../../connectors/index.js';
import { channelEnvProblems, configFileName, describeConfigIssues } from '../config/load.js';

export async function createConnector(config: Config, configDir: string, name: string, log: Logger, clock?: ConnectorDeps['clock']): Promise<Connector> {
  const channel = config.channels[name];
  if (!channel) {
    const known = Object.keys(config.channels).join(', ') || '(none)';
    throw usageError(`No channel "${name}" in ${configFileName(config)}.`, `Channels defined: ${known}.`);
  }
  const load = connectorTypes[channel.type];
  if (!load) {
    throw usageError(`${configFileName(config)}: channels.${name}.type: unknown connector type "${channel.type}".`,
      `Known types: ${Object.keys(connectorTypes).join(', ') || '(none yet)'}.`);
  }
  const missing = channelEnvProblems(config, name);
  if (missing.length > 0) {
    throw usageError(`${configFileName(config)}: channel "${name}" needs secrets that are not set.`,
      'Set them in the environment (for scheduled runs: omni.env beside the config), then run `omni doctor`.', missing);
  }
  const def = await load();
  const parsed = def.configSchema.safeParse(channel);
  if (!parsed.success) {
    throw usageError(`${configFileName(config)}: channel "${name}" (${channel.type}) is not set up right.`, 'Fix the keys named above; config.example.yaml explains each.',
      describeConfigIssues(config, ['channels', name], parsed.error.issues, def.configSchema));
  }
  return def.create(parsed.data, {
    name, configDir, log, clock, maxWaitSeconds: channel.max_wait_seconds,
    locations: config.locations.map((l) => l.code),
    managedLocations: config.locations.filter((l) => l.managed_by === name).map((l) => l.code),
  });
}

export function hasConnector(type: string): boolean {
  return type in connectorTypes;
}
