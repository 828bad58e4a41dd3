// Secrets never leak: every string that leaves omni (log line, error, report) can pass through a
// Redactor that knows the secret values loaded from config (and those the HTTP client sent) and
// replaces them — whole, and any run of 8 or more of their first characters, because a body cut
// to a few hundred characters can end in the middle of a token.

/** Config keys whose values are secrets wherever they appear. */
export const SECRET_KEY = /(token|secret|password|api_key|apikey|client_secret|refresh_token|private_key)$/i;

/** A secret's first characters that still give it away when a text was cut inside it. */
export const SECRET_PREFIX = 8;

export class Redactor {
  private readonly secrets = new Set<string>();

  add(value: string | undefined | null): void {
    // Very short values would redact ordinary words; real credentials are long.
    if (value && value.length >= 6) this.secrets.add(value);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) {
      out = out.split(s).join('[REDACTED]');
      if (s.length > SECRET_PREFIX) out = redactPrefixes(out, s);
    }
    return out;
  }

  get size(): number {
    return this.secrets.size;
  }
}

/** Every run of `secret`'s first SECRET_PREFIX or more characters in `text`, replaced. */
function redactPrefixes(text: string, secret: string): string {
  const head = secret.slice(0, SECRET_PREFIX);
  let at = text.indexOf(head);
  if (at < 0) return text;
  let out = '';
  let from = 0;
  while (at >= 0) {
    let len = SECRET_PREFIX;
    while (len < secret.length && text.charCodeAt(at + len) === secret.charCodeAt(len)) len++;
    out += `${text.slice(from, at)}[REDACTED]`;
    from = at + len;
    at = text.indexOf(head, from);
  }
  return out + text.slice(from);
}

/** Request headers whose values are credentials, by name. */
export const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|x-shopify-access-token|x-amz-access-token|x-amz-security-token|x-api-key|api-key|x-auth-token)$/i;

const ECHOED_HEADER = /(["']?)(authorization|proxy-authorization|cookie|set-cookie|x-shopify-access-token|x-amz-access-token|x-amz-security-token|x-api-key|api-key|x-auth-token)\1(\s*[:=]\s*)(["']?)((?:bearer|basic|token)\s+)?[^\s"',;}\]]+/gi;

/**
 * A response body (or any text from a server) with the values of credential headers it echoes
 * replaced, by header name: a proxy's error page that prints the request must not carry the
 * token further, whether or not omni knows the token's value.
 */
export function redactEchoedHeaders(text: string): string {
  return text.replace(ECHOED_HEADER, (_m, q: string, name: string, sep: string, vq: string, scheme: string | undefined) => `${q}${name}${q}${sep}${vq}${scheme ?? ''}[REDACTED]`);
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
