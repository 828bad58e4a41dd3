// The content a channel shows, hashed so a change is one string comparison.
import { createHash } from 'node:crypto';

export interface ProductContent {
  title: string;
  description?: string | null;
  brand?: string | null;
  attributes?: Record<string, unknown>;
}

export function contentHash(c: ProductContent): string {
  const attrs = c.attributes ?? {};
  const sorted = Object.fromEntries(Object.keys(attrs).sort().map((k) => [k, attrs[k]]));
  const canonical = JSON.stringify([c.title.trim(), (c.description ?? '').trim(), (c.brand ?? '').trim(), sorted]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}
