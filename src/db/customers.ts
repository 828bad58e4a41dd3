// One customer across channels: matched by the channel's own id, then normalised e-mail, then
// phone; every channel identity is kept, so a merge can be explained and undone.
import { and, eq } from 'drizzle-orm';
import type { Db } from './open.js';
import { customers, customerIdentities } from './schema.js';
import type { RemoteCustomer } from '../core/connector.js';
import { normaliseEmail, normalisePhone } from '../core/normalise.js';
import { cleanOptionalText } from '../core/text.js';

/** Follow merges to the customer that stands for all of them. */
function canonical(db: Db, id: number): number {
  let current = id;
  for (let hops = 0; hops < 20; hops++) {
    const row = db.select({ mergedInto: customers.mergedInto }).from(customers).where(eq(customers.id, current)).get();
    if (!row?.mergedInto) return current;
    current = row.mergedInto;
  }
  return current;
}

export function resolveCustomer(db: Db, channel: string, remote: RemoteCustomer): number | undefined {
  // a name is free text from outside: no control characters into the master
  const c = { ...remote, name: cleanOptionalText(remote.name) };
  const email = normaliseEmail(c.email);
  const phone = normalisePhone(c.phone);
  if (!c.remoteId && !email && !phone) return undefined; // e.g. Amazon without restricted data
  if (c.remoteId) {
    const known = db.select({ id: customerIdentities.customerId }).from(customerIdentities)
      .where(and(eq(customerIdentities.channel, channel), eq(customerIdentities.remoteId, c.remoteId))).get();
    if (known) return canonical(db, known.id);
  }
  const match = (email && db.select({ id: customers.id }).from(customers).where(eq(customers.email, email)).get())
    || (phone && db.select({ id: customers.id }).from(customers).where(eq(customers.phone, phone)).get());
  const id = match ? canonical(db, match.id)
    : db.insert(customers).values({ name: c.name ?? null, email: email ?? null, phone: phone ?? null }).returning({ id: customers.id }).get().id;
  if (match) {
    // Fill in what the earlier channel did not know (a phone from the shop, an e-mail from the web).
    const existing = db.select().from(customers).where(eq(customers.id, id)).get();
    if (existing && ((!existing.email && email) || (!existing.phone && phone) || (!existing.name && c.name))) {
      db.update(customers).set({ email: existing.email ?? email ?? null, phone: existing.phone ?? phone ?? null, name: existing.name ?? c.name ?? null })
        .where(eq(customers.id, id)).run();
    }
  }
  const remoteId = c.remoteId ?? `${email ?? phone}`;
  db.insert(customerIdentities).values({ channel, remoteId, customerId: id, email: email ?? null, phone: phone ?? null })
    .onConflictDoNothing().run();
  return id;
}
