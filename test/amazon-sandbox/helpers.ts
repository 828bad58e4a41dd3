// Shared by the sandbox tests: start a sandbox on loopback with a controllable clock, log in
// through LWA like a client, and call the SP-API with the headers Amazon requires.
import { startAmazonSandbox, type AmazonSandbox, type AmazonSandboxOptions } from '../../connectors/amazon/sandbox/index.js';

export const UA = 'omni-test/0.1.0 (Language=Node.js/20; Platform=Linux)';

export class FakeClock {
  constructor(public t = Date.parse('2026-11-22T12:00:00Z')) {}
  now = (): number => this.t;
  advance(ms: number): void { this.t += ms; }
}

export interface Harness { sb: AmazonSandbox; clock: FakeClock; token: string }

export async function start(opts: AmazonSandboxOptions = {}): Promise<Harness> {
  const clock = new FakeClock();
  const sb = await startAmazonSandbox({ now: clock.now, ...opts });
  const token = (await login(sb)).access_token as string;
  return { sb, clock, token };
}

export async function login(sb: AmazonSandbox, over: Record<string, string> = {}): Promise<Record<string, unknown> & { status: number }> {
  const res = await fetch(sb.lwaUrl, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: sb.credentials.refreshToken, client_id: sb.credentials.clientId, client_secret: sb.credentials.clientSecret, ...over }),
  });
  return { status: res.status, ...((await res.json()) as Record<string, unknown>) };
}

export interface Call { status: number; headers: Headers; body: any }

export async function call(h: Harness, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Call> {
  const res = await fetch(h.sb.url + path, {
    method,
    headers: { 'x-amz-access-token': h.token, 'user-agent': UA, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

export const q = (params: Record<string, string | number | undefined>): string =>
  '?' + new URLSearchParams(Object.entries(params).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]))).toString();
