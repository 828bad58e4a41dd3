// Every connector type omni knows, listed explicitly (no discovery by file name). The core never
// imports this file; the app layer does, lazily, when a sync needs a connector.
import type { ConnectorDefinition } from '../src/core/connector.js';

type Loader = () => Promise<ConnectorDefinition>;

export const connectorTypes: Record<string, Loader> = {
  amazon: async () => (await import('./amazon/index.js')).default as unknown as ConnectorDefinition,
  'pos-file': async () => (await import('./pos-file/index.js')).default as unknown as ConnectorDefinition,
  shopify: async () => (await import('./shopify/index.js')).default as unknown as ConnectorDefinition,
};
