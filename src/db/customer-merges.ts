// The merge journal (table customer_merges in schema.ts): what moved in each merge, so
// `omni customers split` can put it back.
import { customerMerges } from './schema.js';

export { customerMerges };
export type CustomerMerge = typeof customerMerges.$inferSelect;
