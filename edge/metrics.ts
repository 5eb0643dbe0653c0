/**
 * Edge metrics through Workers Analytics Engine (docs/operations.md): one data point per request
 * (its cache status: HIT, STALE, MISS, BYPASS, or NONE for an answer that is not a cached read)
 * and one per call to the origin (its latency as the edge saw it, and its outcome).
 *
 * The `METRICS` binding (wrangler.toml `analytics_engine_datasets`) is optional: without it, as in
 * unit tests, nothing is written. Locally miniflare binds a dataset that drops every point, so the
 * same numbers are in edge.log's `request` lines (edge/logger.ts). Writing a point is
 * fire-and-forget: it neither waits nor throws on the request path.
 *
 * Data points (query with SQL over the dataset, e.g. `SELECT blob3, SUM(_sample_interval) ... GROUP BY blob3`):
 *   request: index1 'request'; blob1 'request', blob2 method, blob3 cache status, blob4 route, blob5 status class;
 *            double1 status, double2 total ms
 *   origin:  index1 'origin';  blob1 'origin', blob2 method, blob3 outcome ('2xx'..'5xx', 'timeout', 'refused');
 *            double1 status (0 without an answer), double2 origin ms
 */
import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';

export interface MetricsDataset {
  writeDataPoint(point?: { indexes?: (string | null)[]; blobs?: (string | null)[]; doubles?: number[] }): void;
}

const CACHE_STATUSES = new Set(['HIT', 'STALE', 'MISS', 'BYPASS']);

/** The matched route, `METHOD /path/:param` (no ids, so few values); `other` when none matched. */
export function routeOf(c: Context): string {
  const method = c.req.method;
  for (const r of matchedRoutes(c)) if (r.method === method && r.path !== '*' && r.path !== '/*') return `${method} ${r.path}`;
  return 'other';
}

/** The cache status a request is counted under. */
export function cacheStatusOf(header: string | null): string {
  return header !== null && CACHE_STATUSES.has(header) ? header : 'NONE';
}

const statusClass = (status: number) => `${Math.floor(status / 100)}xx`;

function write(ds: MetricsDataset | undefined, point: Parameters<MetricsDataset['writeDataPoint']>[0]): void {
  if (!ds) return;
  try {
    ds.writeDataPoint(point);
  } catch {
    // Metrics never fail a request.
  }
}

/** One answered request. */
export function recordRequest(ds: MetricsDataset | undefined, r: { method: string; route: string; cache: string; status: number; ms: number }): void {
  write(ds, { indexes: ['request'], blobs: ['request', r.method, r.cache, r.route, statusClass(r.status)], doubles: [r.status, r.ms] });
}

/** One call to the origin: its status (0 when it did not answer) and how long it took. */
export function recordOriginCall(ds: MetricsDataset | undefined, r: { method: string; outcome: string; status: number; ms: number }): void {
  write(ds, { indexes: ['origin'], blobs: ['origin', r.method, r.outcome], doubles: [r.status, r.ms] });
}

export { statusClass };
