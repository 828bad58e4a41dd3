// `omni sandbox shopify|amazon`: a local emulator of the channel's API on loopback, for trying
// omni (and for its tests) without real credentials. Runs until Ctrl-C.
import type { GlobalOptions } from '../output.js';
import { usageError, UserError } from '../../core/errors.js';

interface SandboxFlags { port: string; seed?: string }

function port(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw usageError(`--port ${v} is not a port number (0-65535; 0 picks a free one).`);
  return n;
}

/** A port someone else holds (or one this user may not open) is the user's to change, not a bug. */
async function listening(name: string, p: number, start: () => Promise<void>): Promise<void> {
  try {
    await start();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new UserError(`Port ${p} is already taken on 127.0.0.1: another program (or another sandbox) listens there.`,
        { hint: `Pick another with \`omni sandbox ${name} --port 0\` (a free port, printed when it starts) or --port N.` });
    }
    if (code === 'EACCES') {
      throw new UserError(`Port ${p} may not be opened by this user (ports below 1024 need root).`,
        { hint: `Use \`omni sandbox ${name} --port 0\` (a free port) or a port above 1024.` });
    }
    throw e;
  }
}

export async function shopify(_a: unknown[], o: SandboxFlags, _g: GlobalOptions): Promise<number> {
  const { runShopifySandboxCli } = await import('../../../connectors/shopify/sandbox/index.js');
  const p = port(o.port);
  await listening('shopify', p, () => runShopifySandboxCli({ port: p, ...(o.seed ? { seed: o.seed } : {}) }));
  return 0;
}

export async function amazon(_a: unknown[], o: SandboxFlags, _g: GlobalOptions): Promise<number> {
  const { runAmazonSandboxCli } = await import('../../../connectors/amazon/sandbox/index.js');
  const p = port(o.port);
  await listening('amazon', p, () => runAmazonSandboxCli({ port: p, ...(o.seed ? { seed: o.seed } : {}) }));
  return 0;
}
