// The demo's products and stock (200 + 300 + 200 mugs …) without its business story or its
// sandbox syncs: the starting point every channel e2e test computes its expectations from.
import { createDemo } from '../../src/app/demo.js';

export async function seedDemoMaster(dir: string): Promise<void> {
  await createDemo({ dir, business: false });
}
