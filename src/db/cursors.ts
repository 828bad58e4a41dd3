// Where each pull left off, per channel (e.g. orders updated since …).
import { eq } from 'drizzle-orm';
import type { Db } from './open.js';
import { cursors } from './schema.js';

export function readCursors(db: Db, channel: string): Record<string, string> {
  return Object.fromEntries(db.select().from(cursors).where(eq(cursors.channel, channel)).all().map((c) => [c.name, c.value]));
}

export function writeCursors(db: Db, channel: string, values: Record<string, string>, now: Date): void {
  for (const [name, value] of Object.entries(values)) {
    db.insert(cursors).values({ channel, name, value, updatedAt: now.toISOString() })
      .onConflictDoUpdate({ target: [cursors.channel, cursors.name], set: { value, updatedAt: now.toISOString() } }).run();
  }
}
