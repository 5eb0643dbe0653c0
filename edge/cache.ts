/**
 * Edge caching of public reads through the Cache API, with what the Cache API lacks built in.
 *
 * - Keys are exact: the route's path as requested (ids are case-sensitive) plus a canonical query of
 *   only the parameters the endpoint knows, with validated values (see edge/http/read.ts). The
 *   request is validated before the key is made, so an invalid request never reaches the cache.
 * - A hit costs one Cache API lookup.
 * - Staleness has bounds, from the origin's `Cache-Control`:
 *   `max-age` is the fresh time; `stale-while-revalidate` the window in which a stale copy is served
 *   at once and refreshed in the background; `stale-if-error` the window in which a copy is served
 *   when the origin answers 5xx, times out or cannot be reached. Each is bounded (MAX_*).
 *   A refresh answered 404 or 410 deletes the copy at once.
 * - Board versions: the origin sends the board's version as `X-Board-Seq`. A read with `minSeq`
 *   treats a copy of an older version as a miss, at any location. A write through this isolate
 *   also makes older copies of its board misses here (read-your-writes without `minSeq`).
 * - Coalescing: concurrent misses for one key in this isolate share one origin request (never one
 *   started in the background by a request that has already answered).
 * - Every stored copy carries `Cache-Tag` (core/cache-tags.ts), so erasure purges it at every location.
 */
import { ApiError, DEFAULT_STALE_IF_ERROR_SECONDS, MAX_FRESH_SECONDS, MAX_STALE_IF_ERROR_SECONDS, MAX_STALE_SECONDS } from '../core/index.ts';
import { errorFields, type EdgeLog } from './logger.ts';

const STORED_AT = 'x-edge-stored-at';
const POLICY = 'x-edge-policy';
/** Where cache keys live: never a real host, so no client URL can collide with a key. */
export const KEY_ORIGIN = 'https://leaderboard-cache.internal';

export type CacheStatus = 'HIT' | 'MISS' | 'STALE' | 'BYPASS';

/** The parts of the Cache API this module uses (an injected fake in unit tests). */
export interface CacheLike {
  match(key: string): Promise<Response | undefined>;
  put(key: string, res: Response): Promise<void>;
  delete(key: string): Promise<boolean>;
}

/** How long a copy is fresh, served stale while refreshed, and served when the origin fails (ms). */
export interface Policy {
  freshMs: number;
  staleMs: number;
  staleIfErrorMs: number;
}

interface Fetched {
  status: number;
  body: string;
  headers: [string, string][];
  /** The board version the answer reflects, from X-Board-Seq; null when the origin sent none. */
  seq: number | null;
  startedAt: number;
}

/** Origin headers that never reach a client or a stored copy (X-Live-Event is for the board's object, docs/live.md). */
const DROPPED = /^(x-amzn-|x-amz-|x-live-event$|connection$|keep-alive$|transfer-encoding$|content-length$|set-cookie$)/i;

/** The origin's answer without internal and hop-by-hop headers. */
export function publicHeaders(headers: Iterable<[string, string]>): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of headers) if (!DROPPED.test(k)) out.push([k, v]);
  return out;
}

const clampSeconds = (v: number, max: number) => Math.max(0, Math.min(max, v)) * 1000;

/** The staleness policy in a `Cache-Control` value, bounded; defaults when a directive is absent. */
export function policyOf(cacheControl: string | null, defaultFreshSeconds: number): Policy {
  const directive = (name: string) => {
    const m = new RegExp(`(?:^|[,\\s])${name}=(\\d{1,9})\\b`).exec(cacheControl ?? '');
    return m ? Number(m[1]) : null;
  };
  const fresh = directive('max-age') ?? defaultFreshSeconds;
  return {
    freshMs: clampSeconds(Math.max(1, fresh), MAX_FRESH_SECONDS),
    staleMs: clampSeconds(directive('stale-while-revalidate') ?? fresh, MAX_STALE_SECONDS),
    staleIfErrorMs: clampSeconds(directive('stale-if-error') ?? DEFAULT_STALE_IF_ERROR_SECONDS, MAX_STALE_IF_ERROR_SECONDS),
  };
}

/** The worst-case age of any answer served under a policy: the larger stale window past the fresh time. */
export function worstCaseAgeMs(p: Policy): number {
  return p.freshMs + Math.max(p.staleMs, p.staleIfErrorMs);
}

/** The cache key of a path and its canonical query (already validated, already in order). */
export function cacheKey(path: string, query: [string, string][]): string {
  const search = new URLSearchParams(query).toString();
  return `${KEY_ORIGIN}${path}${search ? `?${search}` : ''}`;
}

async function etagOf(body: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body)));
  let hex = '';
  for (let i = 0; i < 12; i++) hex += (digest[i] as number).toString(16).padStart(2, '0');
  return `"${hex}"`;
}

/** The board list's entry in `writes`: it shows every board's entry count, so every write touches it. `*` is no board id. */
export const BOARD_LIST = '*';

/**
 * When this isolate last forwarded a write that changed each board: copies stored before it are
 * misses here. Memory only, so a hit still costs one lookup; other isolates and locations rely on
 * `minSeq` (global) or on the board's fresh time.
 */
const writes = new Map<string, number>();

/** Records a write that changed a board (and so the board list). */
export function markBoardWritten(board: string, now = Date.now()): void {
  writes.set(board, now);
  writes.set(BOARD_LIST, now);
  if (writes.size > 10_000) writes.clear();
}

/**
 * Origin requests under way in this isolate, by key. A caller that waits (a miss) joins only a
 * request another waiting caller made: a background refresh belongs to a request that has already
 * answered, and workerd cancels a promise whose request context is gone, so a caller joining it
 * could hang.
 */
const inflight = new Map<string, { startedAt: number; foreground: boolean; promise: Promise<Fetched> }>();

const isRateLimited = (err: unknown) => err instanceof ApiError && err.code === 'rate_limited';

export interface CachedReadOptions {
  cache: CacheLike;
  key: string;
  /** The board the answer belongs to (BOARD_LIST for the board list); null for none. */
  board: string | null;
  /** The lowest board version the answer must reflect; null for any. */
  minSeq: number | null;
  /** Cache-Tag value stored with the copy. */
  tags: string[];
  ifNoneMatch: string | null;
  defaultCacheSeconds: number;
  fetchOrigin: () => Promise<Response>;
  /** Awaited before a new origin request that a caller waits for (a miss, not a joined or background one); may reject with 429. */
  beforeOriginTrip?: () => Promise<void>;
  waitUntil: (p: Promise<unknown>) => void;
  now?: () => number;
  /** Called after a copy is stored (local development indexes tags here). */
  onStored?: (key: string, tags: string[]) => void;
  /** The request's log (edge/logger.ts): origin failures that a stale copy hides are logged as warnings. */
  log?: EdgeLog;
}

const seqOf = (headers: Headers): number | null => {
  const v = headers.get('x-board-seq');
  return v !== null && /^\d{1,15}$/.test(v) ? Number(v) : null;
};

async function store(o: CachedReadOptions, f: Fetched): Promise<void> {
  const headers = new Headers(f.headers);
  const policy = policyOf(headers.get('cache-control'), o.defaultCacheSeconds);
  // The copy is as old as the moment its origin request started, so a write that landed while
  // it was in flight still counts as newer.
  headers.set(STORED_AT, String(f.startedAt));
  headers.set(POLICY, `${policy.freshMs},${policy.staleMs},${policy.staleIfErrorMs}`);
  headers.set('ETag', await etagOf(f.body));
  headers.set('Cache-Tag', o.tags.join(','));
  // Kept by the Cache API for as long as any window can still use it.
  headers.set('Cache-Control', `public, max-age=${Math.ceil(worstCaseAgeMs(policy) / 1000)}`);
  await o.cache.put(o.key, new Response(f.body, { status: 200, headers }));
  o.onStored?.(o.key, o.tags);
}

/**
 * One origin request per key per isolate at a time. A 200 is stored; a 404 or 410 deletes the
 * copy. A request that started before the board's last write here is not joined.
 */
function fetchCoalesced(o: CachedReadOptions, notBefore: number, foreground: boolean): Promise<Fetched> {
  const now = o.now ?? Date.now;
  const running = inflight.get(o.key);
  if (running && running.startedAt >= notBefore && (running.foreground || !foreground)) {
    // The request joined was refused by its own caller's miss limit: this caller makes its own.
    return running.promise.catch((err: unknown) => (isRateLimited(err) ? fetchCoalesced(o, notBefore, foreground) : Promise.reject(err)));
  }
  const startedAt = now();
  // Registered at once (so concurrent misses join it) and gated by the miss limit before it leaves.
  const gate = foreground && o.beforeOriginTrip ? o.beforeOriginTrip() : null;
  const promise = (gate ? gate.then(() => o.fetchOrigin()) : o.fetchOrigin())
    .then(async (res): Promise<Fetched> => ({ status: res.status, body: await res.text(), headers: publicHeaders(res.headers), seq: seqOf(res.headers), startedAt }))
    .then(async (f) => {
      if (f.status === 200) await store(o, f);
      else if (f.status === 404 || f.status === 410) await o.cache.delete(o.key);
      return f;
    })
    .finally(() => {
      if (inflight.get(o.key)?.promise === promise) inflight.delete(o.key);
    });
  inflight.set(o.key, { startedAt, foreground, promise });
  return promise;
}

/** An answer's parts: a fetched body as text, or a stored copy's body as it streams from the cache. */
interface Answer {
  status: number;
  headers: Headers;
  body: string | ReadableStream | null;
}

async function respond(o: CachedReadOptions, status: CacheStatus, a: Answer, ageMs: number | null, policy: Policy): Promise<Response> {
  const headers = a.headers;
  headers.delete(STORED_AT);
  headers.delete(POLICY);
  headers.delete('cache-tag');
  // A stored copy has its ETag; only an answer straight from the origin may need one made.
  const etag = headers.get('etag') ?? (a.status === 200 && typeof a.body === 'string' ? await etagOf(a.body) : null);
  if (etag) headers.set('ETag', etag);
  headers.set('X-Cache', status);
  if (a.status === 200) headers.set('Cache-Control', `public, max-age=${policy.freshMs / 1000}, stale-while-revalidate=${policy.staleMs / 1000}, stale-if-error=${policy.staleIfErrorMs / 1000}`);
  if (ageMs !== null) headers.set('Age', String(Math.max(0, Math.floor(ageMs / 1000))));
  if (etag && o.ifNoneMatch && o.ifNoneMatch.split(',').some((t) => t.trim() === etag)) {
    if (a.body instanceof ReadableStream) discard(a.body);
    return new Response(null, { status: 304, headers });
  }
  return new Response(a.body, { status: a.status, headers });
}

/** Lets go of a body that will not be read (not awaited: a tee's branch only settles when both are cancelled). */
const discard = (body: ReadableStream | null | undefined): void => void body?.cancel().catch(() => undefined);

const fetchedAnswer = (f: Fetched): Answer => ({ status: f.status, headers: new Headers(f.headers), body: f.body });

/** A stored copy, served as it is read from the cache: its body is never decoded or copied. */
const copyAnswer = (hit: Response): Answer => ({ status: 200, headers: new Headers(hit.headers), body: hit.body });

function parsePolicy(v: string | null, dflt: number): Policy {
  const [fresh, stale, sie] = (v ?? '').split(',').map(Number);
  if (fresh === undefined || stale === undefined || sie === undefined || [fresh, stale, sie].some((n) => !Number.isFinite(n))) return policyOf(null, dflt);
  return { freshMs: fresh, staleMs: stale, staleIfErrorMs: sie };
}

/** Serves a public GET through the edge cache. */
export async function cachedRead(o: CachedReadOptions): Promise<Response> {
  const now = o.now ?? Date.now;
  const hit = await o.cache.match(o.key);
  const writtenAt = (o.board && writes.get(o.board)) || 0;
  const t = now();

  let copy: { hit: Response; age: number; policy: Policy } | null = null;
  if (hit) {
    const storedAt = Number(hit.headers.get(STORED_AT) ?? 0);
    const policy = parsePolicy(hit.headers.get(POLICY), o.defaultCacheSeconds);
    const seq = seqOf(hit.headers);
    copy = { hit, age: t - storedAt, policy };
    const current = storedAt >= writtenAt && (o.minSeq === null || (seq !== null && seq >= o.minSeq));
    if (current && copy.age < policy.freshMs) return respond(o, 'HIT', copyAnswer(hit), copy.age, policy);
    if (current && copy.age < policy.freshMs + policy.staleMs) {
      o.waitUntil(fetchCoalesced(o, writtenAt, false).catch((err: unknown) => o.log?.('warn', 'background revalidation failed', { key: o.key, ...errorFields(err) })));
      return respond(o, 'STALE', copyAnswer(hit), copy.age, policy);
    }
  }
  // A copy may stand in for a failed origin only within its stale-if-error window.
  const fallback = copy && copy.age < copy.policy.freshMs + copy.policy.staleIfErrorMs ? copy : null;
  if (hit && !fallback) discard(hit.body);

  let f: Fetched;
  try {
    // A read that needs a newer version than this isolate's write marker joins no older request.
    f = await fetchCoalesced(o, o.minSeq === null ? writtenAt : t, true);
  } catch (err) {
    if (isRateLimited(err)) {
      discard(fallback?.hit.body);
      throw err;
    }
    if (fallback) {
      o.log?.('warn', 'origin failed; served a stale copy', { key: o.key, ageMs: fallback.age, ...errorFields(err) });
      return respond(o, 'STALE', copyAnswer(fallback.hit), fallback.age, fallback.policy);
    }
    throw err instanceof ApiError ? err : new ApiError('unavailable', 'The origin did not answer', undefined, 2);
  }
  if (f.status >= 500 && fallback) {
    o.log?.('warn', 'origin failed; served a stale copy', { key: o.key, ageMs: fallback.age, status: f.status });
    return respond(o, 'STALE', copyAnswer(fallback.hit), fallback.age, fallback.policy);
  }
  discard(fallback?.hit.body);
  const answer = fetchedAnswer(f);
  return respond(o, 'MISS', answer, null, policyOf(answer.headers.get('cache-control'), o.defaultCacheSeconds));
}
