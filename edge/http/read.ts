/**
 * Public reads: validated in full, then served through the edge cache (edge/cache.ts).
 * Nothing about a request reaches the cache before it is known to be valid, so an invalid request
 * is a 400 whether or not a copy exists.
 */
import type { Context, Handler } from 'hono';
import type { ZodType } from 'zod';
import { ALL_VIEWS_TAG, ApiError, BOARD_LIST_TAG, boardTag, FIXED_RESETS, isScheduleKey, isValidCursor, MIN_SEQ_HEADER, parseWith, resolvePeriod } from '../../core/index.ts';
import { BOARD_LIST, cachedRead, cacheKey } from '../cache.ts';
import { edgeConfig } from '../config.ts';
import type { EdgeEnv } from '../env.ts';
import { forwardToOrigin } from '../origin-client.ts';
import { takeToken } from '../rate-limit.ts';
import { indexCopy } from '../dev-cache-index.ts';


const LOOPBACK_IPS = new Set(['127.0.0.1', '::1']);

/** Header a client may send instead of the `minSeq` query parameter. */
export const CLIENT_MIN_SEQ_HEADER = 'x-min-seq';

export interface ReadSpec {
  /** Path parameters: a schema over Hono's params. */
  params?: ZodType<Record<string, string>>;
  /** The query parameters this endpoint knows, in canonical order, and a schema over them. */
  query?: {
    names: readonly string[];
    schema: ZodType<Record<string, unknown>>;
    /** Whether a `cursor` is one this endpoint issues; by default a top-list cursor (core/cursor.ts parseCursor). */
    isCursor?: (cursor: string) => boolean;
  };
  /** The board the answer belongs to: from the params, the default board, or the board list. */
  board: (params: Record<string, string>, defaultBoard: string) => string;
}

/**
 * A period in one of the forms a board can have (all, a day, an ISO week, a month, or a schedule
 * period's UTC start like 2026-11-23T0600Z), not in the future. Which schedule is the origin's to check.
 */
function checkPeriod(value: string, now: Date): void {
  const checks = FIXED_RESETS.map((r) => resolvePeriod(r, value, now));
  if (checks.some((c) => c.ok)) return;
  let future = checks.some((c) => !c.ok && c.reason === 'period is in the future');
  if (isScheduleKey(value)) {
    const start = Date.parse(`${value.slice(0, 13)}:${value.slice(13, 15)}:00Z`);
    if (!Number.isNaN(start) && start <= now.getTime()) return;
    future ||= !Number.isNaN(start);
  }
  throw new ApiError('invalid_request', 'Invalid period', { period: future ? 'period is in the future' : 'period must look like all, 2026-11-23, 2026-W48, 2026-11 or 2026-11-23T0600Z' });
}

/** The single values of the known query parameters; a known parameter given twice is a 400. */
function knownQuery(url: URL, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const all = url.searchParams.getAll(name);
    if (all.length > 1) throw new ApiError('invalid_request', 'Invalid query', { [name]: 'must be given once' });
    if (all[0] !== undefined) out[name] = all[0];
  }
  return out;
}

const MIN_SEQ = /^\d{1,15}$/;
const invalidMinSeq = () => new ApiError('invalid_request', 'Invalid query', { minSeq: 'must be a non-negative integer' });

/**
 * What a valid request URL reads: its cache key, the query forwarded to the origin, its board, and
 * the `minSeq` the query asks for. Worked out from the URL alone, and valid for good once valid
 * (a cursor, a period in the past or present, stay so), so each handler keeps the plans of the URLs
 * it has seen: a hit on a known URL skips the validation, not the checks of its headers.
 */
interface ReadPlan {
  path: string;
  key: string;
  search: string;
  board: string;
  querySeq: number | null;
}

/** URLs whose plan each handler keeps; past this many it starts again. */
const PLANS_KEPT = 1000;

function planOf(spec: ReadSpec, url: URL, rawParams: Record<string, string>, defaultBoard: string): ReadPlan {
  const params = spec.params ? parseWith(spec.params, rawParams, 'path') : {};
  const canonical: [string, string][] = [];
  if (spec.query) {
    const raw = knownQuery(url, spec.query.names);
    const parsed = parseWith(spec.query.schema, raw, 'query');
    if (raw.cursor !== undefined && !(spec.query.isCursor ?? isValidCursor)(raw.cursor)) throw new ApiError('invalid_request', 'Invalid query', { cursor: 'is not a cursor this API made' });
    if (raw.period !== undefined && raw.period !== '') checkPeriod(raw.period, new Date());
    for (const name of spec.query.names) {
      const v = parsed[name];
      if (v === undefined || v === '') continue;
      canonical.push([name, Array.isArray(v) ? v.join(',') : String(v)]);
    }
  }
  const seqs = url.searchParams.getAll('minSeq');
  if (seqs.length > 1) throw new ApiError('invalid_request', 'Invalid query', { minSeq: 'must be given once' });
  if (seqs[0] !== undefined && !MIN_SEQ.test(seqs[0])) throw invalidMinSeq();
  return {
    path: url.pathname,
    key: cacheKey(url.pathname, canonical),
    search: new URLSearchParams(canonical).toString(),
    board: spec.board(params, defaultBoard),
    querySeq: seqs[0] === undefined ? null : Number(seqs[0]),
  };
}

/** The lowest board version the read needs: the query's `minSeq`, else the X-Min-Seq header's. */
function minSeqOf(c: Context<EdgeEnv>, plan: ReadPlan): number | null {
  if (plan.querySeq !== null) return plan.querySeq;
  const header = c.req.header(CLIENT_MIN_SEQ_HEADER);
  if (header === undefined) return null;
  if (!MIN_SEQ.test(header)) throw invalidMinSeq();
  return Number(header);
}

/** A cached public read of one endpoint. */
export function publicRead(spec: ReadSpec): Handler<EdgeEnv> {
  const plans = new Map<string, ReadPlan>();
  return async (c) => {
    const cfg = edgeConfig(c.env);
    let plan = plans.get(c.req.url);
    if (!plan) {
      plan = planOf(spec, new URL(c.req.url), c.req.param(), cfg.defaultBoard);
      if (plans.size >= PLANS_KEPT) plans.clear();
      plans.set(c.req.url, plan);
    }
    const { board, key, search, path } = plan;
    const requested = minSeqOf(c, plan);
    // The board list has no version of its own: minSeq is checked, then ignored there.
    const minSeq = board === BOARD_LIST ? null : requested;
    // Cloudflare sets CF-Connecting-IP to the client's address; a loopback one is the local runtime's own.
    const ip = c.req.header('cf-connecting-ip');
    const limited = ip !== undefined && !LOOPBACK_IPS.has(ip);
    return cachedRead({
      cache: caches.default,
      key,
      board,
      minSeq,
      tags: [board === BOARD_LIST ? BOARD_LIST_TAG : boardTag(board), ALL_VIEWS_TAG],
      ifNoneMatch: c.req.header('if-none-match') ?? null,
      defaultCacheSeconds: cfg.defaultCacheSeconds,
      ...(limited ? { beforeOriginTrip: () => takeToken(c.env.MISS_LIMITER, `miss:${ip}`, 'uncached reads') } : {}),
      ...(cfg.devMode ? { onStored: indexCopy } : {}),
      fetchOrigin: () =>
        forwardToOrigin(c.env, {
          method: 'GET',
          pathAndQuery: search ? `${path}?${search}` : path,
          headers: c.req.raw.headers,
          requestId: c.get('requestId'),
          log: c.get('log'),
          ...(minSeq !== null ? { extraHeaders: { [MIN_SEQ_HEADER]: String(minSeq) } } : {}),
        }),
      waitUntil: (p) => c.executionCtx.waitUntil(p),
      log: c.get('log'),
    });
  };
}
