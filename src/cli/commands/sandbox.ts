// `omni sandbox shopify|amazon`: a local emulator of the channel's API on loopback, for trying
// omni (and for its tests) without real credentials. Runs until Ctrl-C.
import type { GlobalOptions } from '../output.js';
import { usageError } from '../../core/errors.js';

interface SandboxFlags { port: string; seed?: string }

function port(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw usageError(`--port ${v} is not a port number (0-65535; 0 picks a free one).`);
  return n;
}

export async function shopify(_a: unknown[], o: SandboxFlags, _g: GlobalOptions): Promise<number> {
  const { runShopifySandboxCli } = await import('../../../connectors/shopify/sandbox/index.js');
  await runShopifySandboxCli({ port: port(o.port), ...(o.seed ? { seed: o.seed } : {}) });
  return 0;
}

export async function amazon(_a: unknown[], o: SandboxFlags, _g: GlobalOptions): Promise<number> {
  const { runAmazonSandboxCli } = await import('../../../connectors/amazon/sandbox/index.js');
  await runAmazonSandboxCli({ port: port(o.port), ...(o.seed ? { seed: o.seed } : {}) });
  return 0;
}
