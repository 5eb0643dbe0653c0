/**
 * Local emulation of Cloudflare's side of the edge cache purge: the zone purge API
 * (POST /client/v4/zones/{zone_id}/purge_cache), as documented at
 * https://developers.cloudflare.com/api/resources/cache/methods/purge/ and
 * https://developers.cloudflare.com/cache/how-to/purge-cache/.
 *
 * - Accepts the same call: a Bearer API token, the zone id in the path, a JSON body with exactly one
 *   of `tags`, `hosts`, `prefixes`, `files` or `purge_everything` (at most 100 operations per call).
 * - Answers in Cloudflare's envelope ({success, errors, messages, result}), with 400, 403 and 429 as
 *   Cloudflare does, and a per-account token bucket like the plan limits (configurable).
 * - Records every call, and clears the local cache: miniflare has no purge by tag, so the Worker's
 *   dev-only route /api/dev/cache/purge deletes the copies it stored with those tags.
 * Test hooks: GET /__cloudflare/purges (the record), POST /__cloudflare/fail {"count": n} (the next n
 * purges answer 500, to exercise retries), POST /__cloudflare/reset.
 */
import { Hono } from 'hono';

export interface PurgeApiOptions {
  zoneId: string;
  apiToken: string;
  /** Clears the local cache for these tags (the Worker's dev route); returns how many copies went. */
  clearLocal: (purge: { tags?: string[]; everything?: boolean }) => Promise<number>;
  /** Token bucket: size and refill per second (Cloudflare's Enterprise numbers by default: 500 and 50/s). */
  bucket?: { size: number; perSecond: number };
  now?: () => number;
}

export interface RecordedPurge {
  at: string;
  zoneId: string;
  body: unknown;
  status: number;
  /** Copies cleared from the local cache (null when the call was refused). */
  cleared: number | null;
}

const MAX_OPERATIONS = 100;
const KINDS = ['tags', 'hosts', 'prefixes', 'files', 'purge_everything'] as const;

const envelope = (success: boolean, result: unknown, errors: { code: number; message: string }[] = []) => ({ success, errors, messages: [], result });

export function createPurgeApi(o: PurgeApiOptions) {
  const now = o.now ?? Date.now;
  const bucket = o.bucket ?? { size: 500, perSecond: 50 };
  let tokens = bucket.size;
  let refilledAt = now();
  let failNext = 0;
  const purges: RecordedPurge[] = [];

  const take = () => {
    const t = now();
    tokens = Math.min(bucket.size, tokens + ((t - refilledAt) / 1000) * bucket.perSecond);
    refilledAt = t;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };

  const app = new Hono()
    .get('/__cloudflare/purges', (c) => c.json({ purges }))
    .post('/__cloudflare/fail', async (c) => {
      const body = (await c.req.json().catch(() => ({}))) as { count?: number };
      failNext = Math.max(0, Math.floor(body.count ?? 1));
      return c.body(null, 204);
    })
    .post('/__cloudflare/reset', (c) => {
      purges.length = 0;
      failNext = 0;
      tokens = bucket.size;
      return c.body(null, 204);
    })
    .post('/client/v4/zones/:zone/purge_cache', async (c) => {
      const zoneId = c.req.param('zone');
      const record = (status: number, body: unknown, cleared: number | null) => purges.push({ at: new Date(now()).toISOString(), zoneId, body, status, cleared });
      if (c.req.header('authorization') !== `Bearer ${o.apiToken}`) {
        record(403, null, null);
        return c.json(envelope(false, null, [{ code: 10000, message: 'Authentication error' }]), 403);
      }
      if (zoneId !== o.zoneId) {
        record(400, null, null);
        return c.json(envelope(false, null, [{ code: 7003, message: 'Could not route to /zones/purge_cache, perhaps your object identifier is invalid?' }]), 400);
      }
      const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
      const given = body && typeof body === 'object' ? KINDS.filter((k) => body[k] !== undefined) : [];
      const kind = given[0];
      const list = kind && kind !== 'purge_everything' ? body?.[kind] : null;
      const valid =
        given.length === 1 &&
        (kind === 'purge_everything'
          ? body?.purge_everything === true
          : Array.isArray(list) && list.length >= 1 && list.length <= MAX_OPERATIONS && list.every((v) => typeof v === 'string' && v.length > 0 && v.length <= 1024));
      if (!valid) {
        record(400, body, null);
        return c.json(envelope(false, null, [{ code: 1012, message: "Request must contain one of 'purge_everything', 'files', 'tags', 'hosts' or 'prefixes'" }]), 400);
      }
      if (!take()) {
        record(429, body, null);
        return c.json(envelope(false, null, [{ code: 971, message: 'Please wait and consider throttling your request speed' }]), 429);
      }
      if (failNext > 0) {
        failNext--;
        record(500, body, null);
        return c.json(envelope(false, null, [{ code: 10001, message: 'Internal error' }]), 500);
      }
      let cleared = 0;
      if (kind === 'tags') cleared = await o.clearLocal({ tags: (list as string[]).map((t) => t.toLowerCase()) });
      else if (kind === 'purge_everything') cleared = await o.clearLocal({ everything: true });
      // hosts, prefixes and files are accepted and recorded; the edge stores nothing it could match them with.
      record(200, body, cleared);
      return c.json(envelope(true, { id: crypto.randomUUID().replace(/-/g, '') }));
    });
  return { app, purges };
}
