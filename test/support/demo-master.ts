// The demo's products and stock (200 + 300 + 200 mugs …) without its business story or its
// sandbox syncs: the starting point every channel e2e test computes its expectations from.
import { createDemo } from '../../src/app/demo.js';

export function seedDemoMaster(dir: string): void {
  createDemo({ dir, business: false });
}
