// `npm run bench`: every benchmark, printed as figures and ratios against its reference.
// Benchmarks are not tests: they measure, they do not pass or fail. Pick some with
// `npm run bench -- startup plan`. Data is generated under bench/.data (git-ignored).
import { benchStartup } from './startup.js';
import { benchPlan } from './plan.js';
import { benchImport } from './import.js';
import { benchCatalog } from './catalog.js';
import { benchPushShopify } from './push-shopify.js';
import { benchPushAmazon } from './push-amazon.js';
import { benchHostile } from './hostile.js';
import { benchSyncLarge } from './sync-large.js';
import { benchLatency } from './latency.js';

const benches = {
  startup: async () => benchStartup(),
  plan: async () => benchPlan(),
  import: async () => benchImport(),
  catalog: async () => benchCatalog(),
  'push-shopify': async () => benchPushShopify(),
  'push-amazon': async () => benchPushAmazon(),
  hostile: async () => benchHostile(),
  'sync-large': async () => benchSyncLarge(),
  latency: async () => benchLatency(),
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(w in benches));
if (unknown.length) {
  console.error(`Unknown bench ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
for (const [name, run] of Object.entries(benches)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`\n## ${name}`);
  console.table(await run());
}
