// A PostgreSQL master is named by a URL (`database: postgres://…` in config.yaml, OMNI_DATABASE_URL,
// --db). The password never leaves this process in a message: every place that shows the URL shows
// it redacted.

export function isPostgresUrl(s: string | undefined): s is string {
  return s !== undefined && /^postgres(ql)?:\/\//i.test(s.trim());
}

/** The URL with its password (and any `password=` parameter) replaced, fit for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = 'REDACTED';
    for (const k of [...u.searchParams.keys()]) if (/pass|secret|token/i.test(k)) u.searchParams.set(k, 'REDACTED');
    return u.toString().replace('REDACTED@', '***@').replace(/=REDACTED/g, '=***');
  } catch {
    return 'postgres://(unreadable URL)';
  }
}

/** Any password the URL carries, so a Redactor can strip it from texts the server echoed. */
export function urlPassword(url: string): string | undefined {
  try { return decodeURIComponent(new URL(url).password) || undefined; } catch { return undefined; }
}

/** Removes a URL's password from a message, wherever it appears (an error may quote the URL). */
export function scrubPassword(text: string, url: string): string {
  const pw = urlPassword(url);
  let out = text.split(url).join(redactUrl(url));
  if (pw && pw.length >= 3) out = out.split(pw).join('***');
  return out;
}
