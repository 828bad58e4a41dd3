// What a sold bundle line was made of, and where each component was taken from.
import type { Db } from './open.js';
import { cachedStatement } from './statement-cache.js';

export interface LineComponent { sku: string; quantity: number; location: string | null }

export function recordLineComponents(db: Db, orderLineId: number, parts: readonly LineComponent[]): void {
  const stmt = cachedStatement(db, 'INSERT OR IGNORE INTO order_line_components (order_line_id, sku, quantity, location) VALUES (?, ?, ?, ?)');
  for (const p of parts) stmt.run(orderLineId, p.sku, p.quantity, p.location);
}

export function lineComponents(db: Db, orderLineId: number): LineComponent[] {
  return cachedStatement(db, 'SELECT sku, quantity, location FROM order_line_components WHERE order_line_id = ? ORDER BY sku').all(orderLineId) as LineComponent[];
}
