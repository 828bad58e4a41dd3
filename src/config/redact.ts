// Secrets never leak: every string that leaves omni (log line, error, report) can pass through a
// Redactor that knows the secret values loaded from config and replaces them.

/** Config keys whose values are secrets wherever they appear. */
export const SECRET_KEY = /(token|secret|password|api_key|apikey|client_secret|refresh_token|private_key)$/i;

export class Redactor {
  private readonly secrets = new Set<string>();

  add(value: string | undefined | null): void {
    // Very short values would redact ordinary words; real credentials are long.
    if (value && value.length >= 6) this.secrets.add(value);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join('[REDACTED]');
    return out;
  }

  get size(): number {
    return this.secrets.size;
  }
}

/** Process-wide redactor: filled when config loads, used by every printer. */
export const redactor = new Redactor();

/** A copy of a config-like object with secret-keyed values masked, for display. */
export function maskSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEY.test(k) && typeof v === 'string' && v !== '' ? '[REDACTED]' : maskSecrets(v);
    }
    return out as T;
  }
  return value;
}
