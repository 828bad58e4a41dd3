// Shopify's GraphQL transport: one POST per operation through the shared HTTP client, paced by
// the calculated-cost leaky bucket Shopify reports in extensions.cost.throttleStatus. We pace
// before the bucket is empty, and on THROTTLED wait for the restore and try again.
import { HttpClient } from '../../src/http/client.js';
import { TokenBucket, realClock, type Clock } from '../../src/http/token-bucket.js';
import { waitFor } from '../../src/http/waits.js';
import { UserError } from '../../src/core/errors.js';

interface Cost {
  requestedQueryCost?: number;
  actualQueryCost?: number;
  throttleStatus?: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

interface GraphqlResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: { cost?: Cost };
}

export interface GraphqlStats {
  calls: number;
  throttled: number;
  costSpent: number;
}

export class ShopifyGraphql {
  /** Starts with Shopify's smallest documented bucket; the first response tells the real one. */
  private readonly bucket: TokenBucket;
  readonly stats: GraphqlStats = { calls: 0, throttled: 0, costSpent: 0 };

  constructor(private readonly url: string, private readonly token: string, private readonly http: HttpClient, private readonly clock: Clock = realClock) {
    this.bucket = new TokenBucket(50, 1000, clock);
  }

  async run<T>(operation: string, query: string, variables: Record<string, unknown>, estimatedCost = 10): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      await this.bucket.take(Math.min(estimatedCost, 1000), this.http.waits, `Shopify's API budget (${operation})`);
      const res = await this.http.send({
        operation: `shopify ${operation}`, method: 'POST', url: this.url,
        headers: { 'content-type': 'application/json', 'x-shopify-access-token': this.token },
        body: JSON.stringify({ query, variables }),
      });
      this.stats.calls++;
      const body = res.json<GraphqlResponse<T>>();
      const cost = body.extensions?.cost;
      if (cost?.throttleStatus) {
        const t = cost.throttleStatus;
        this.bucket.setRate(t.restoreRate, t.maximumAvailable);
        // Our estimate was taken already; trust the server's figure for what is left.
        this.bucket.setAvailable(t.currentlyAvailable);
      }
      if (body.errors?.some((e) => e.extensions?.code === 'THROTTLED')) {
        this.stats.throttled++;
        if (attempt >= 10) throw new UserError(`Shopify kept throttling ${operation}.`, { hint: 'Another app may be using the same API budget; try again later.' });
        const need = cost?.requestedQueryCost ?? estimatedCost;
        const rate = cost?.throttleStatus?.restoreRate ?? 50;
        const have = cost?.throttleStatus?.currentlyAvailable ?? 0;
        await waitFor(this.clock, Math.ceil((Math.max(0, need - have) / rate) * 1000) + 50, `Shopify throttled ${operation} (API budget used up)`, this.http.waits);
        continue;
      }
      if (body.errors?.length) {
        throw new UserError(`Shopify rejected ${operation}: ${body.errors.map((e) => e.message).join('; ')}`, { hint: 'Check api_version and the app\'s access scopes (read_products, write_inventory, read_orders).' });
      }
      this.stats.costSpent += cost?.actualQueryCost ?? 0;
      if (!body.data) throw new UserError(`Shopify returned no data for ${operation}.`);
      return body.data;
    }
  }
}
