// `omni sandbox … --port N` on a port another program holds: a message naming the port and the way
// out (--port 0), exit 1 — not "omni hit a bug" with a stack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server, type AddressInfo } from 'node:net';
import { omni, tempDir, cleanup } from '../support/workspace.js';

let holder: Server;
let port = 0;
const dir = tempDir();

beforeAll(async () => {
  holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  port = (holder.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => holder.close(() => resolve()));
  cleanup(dir);
});

describe('omni sandbox on a taken port', () => {
  it.each(['shopify', 'amazon'])('%s: says the port is taken and suggests --port 0 (exit 1)', (name) => {
    const r = omni(dir, ['sandbox', name, '--port', String(port)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Port ${port} is already taken`);
    expect(r.stderr).toContain(`omni sandbox ${name} --port 0`);
    expect(r.stderr).not.toMatch(/hit a bug|EADDRINUSE|\n\s+at /);
  });
});
