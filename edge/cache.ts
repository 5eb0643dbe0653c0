/**
 * Edge caching of public reads through the Cache API, with what the Cache API lacks built in:
 * - freshness per board (the origin's `Cache-Control: max-age`, 5 s by default);
 * - stale-while-revalidate: a stale copy is served at once and refreshed with waitUntil;
 * - stale-if-error: when the origin fails, a copy up to 24 h old is served;
 * - coalescing: concurrent misses for one key in this isolate share one origin request;
 * - read-your-writes here: a write stores a per-board "written at" marker, and copies stored
 *   before it count as misses. (cache.delete could not reach every view of a board, and only
 *   reaches this location anyway.)
 */
import { ApiError } from '../core/index.ts';

const MAX_STALE_MS = 24 * 3600 * 1000;
const STORED_AT = 'x-edge-stored-at';
const FRESH_MS = 'x-edge-fresh-ms';
const KEY_ORIGIN = 'https://leaderboard-cache.internal';

export type CacheStatus = 'HIT' | 'MISS' | 'STALE' | 'BYPASS';

interface Fetched {
  status: number;
  body: string;
  headers: [string, string][];
}

const inflight = new Map<string, { startedAt: number; promise: Promise<Fetched> }>();

/** The normalised cache key: path plus only the parameters that change the answer, sorted. */
export function cacheKey(url: URL): string {
  const q = url.searchParams;
  const params: [string, string][] = [];
  const clampInt = (v: string | null, min: number, max: number) => {
    const n = Number(v);
    return v !== null && /^\d+$/.test(v) ? String(Math.min(max, Math.max(min, n))) : null;
  };
  const keep = (name: string, value: string | null) => value !== null && value !== '' && params.push([name, value]);
  keep('period', q.get('period'));
  keep('cursor', q.get('cursor'));
  keep('limit', clampInt(q.get('limit'), 1, 100));
  keep('radius', clampInt(q.get('radius'), 1, 50));
  keep('count', clampInt(q.get('count'), 1, 100));
  const ids = q.get('ids');
  if (ids !== null) keep('ids', [...new Set(ids.split(',').filter(Boolean))].sort().join(','));
  params.sort(([a], [b]) => (a < b ? -1 : 1));
  const search = new URLSearchParams(params).toString();
  return `${KEY_ORIGIN}${url.pathname.toLowerCase()}${search ? `?${search}` : ''}`;
}

/** The board list's marker: it shows every board's entry count, so every board write touches it. `*` is no board id. */
const BOARD_LIST = '*';
const boardMarkerKey = (board: string) => `${KEY_ORIGIN}/__written/${board}`;

/** The board a public read belongs to, if any. */
export function boardOf(pathname: string, defaultBoard: string): string | null {
  if (pathname === '/leaderboard') return defaultBoard;
  if (pathname === '/api/boards' || pathname === '/api/boards/') return BOARD_LIST;
  return /^\/api\/boards\/([^/]+)/.exec(pathname)?.[1] ?? null;
}

async function etagOf(body: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body)));
  return `"${[...digest.slice(0, 12)].map((b) => b.toString(16).padStart(2, '0')).join('')}"`;
}

function maxAgeMs(cacheControl: string | null, dfltSeconds: number): number {
  const m = /max-age=(\d+)/.exec(cacheControl ?? '');
  return (m ? Number(m[1]) : dfltSeconds) * 1000;
}

/** Records that a board was written now: earlier copies of its views, and of the board list, stop being served here. */
export async function markBoardWritten(cache: Cache, board: string, now = Date.now()): Promise<void> {
  const marker = () => new Response(String(now), { headers: { 'Cache-Control': 'max-age=86400' } });
  await Promise.all([cache.put(boardMarkerKey(board), marker()), cache.put(boardMarkerKey(BOARD_LIST), marker())]);
}

export interface CachedReadOptions {
  cache: Cache;
  url: URL;
  board: string | null;
  ifNoneMatch: string | null;
  defaultCacheSeconds: number;
  fetchOrigin: () => Promise<Response>;
  waitUntil: (p: Promise<unknown>) => void;
}

async function toFetched(res: Response): Promise<Fetched> {
  return { status: res.status, body: await res.text(), headers: [...res.headers] };
}

async function store(o: CachedReadOptions, key: string, f: Fetched, startedAt: number): Promise<void> {
  if (f.status !== 200) return;
  const headers = new Headers(f.headers);
  // The copy is as old as the moment its origin request started, so a write that landed while
  // it was in flight still counts as newer.
  headers.set(STORED_AT, String(startedAt));
  headers.set(FRESH_MS, String(maxAgeMs(headers.get('cache-control'), o.defaultCacheSeconds)));
  headers.set('ETag', await etagOf(f.body));
  headers.set('Cache-Control', 'public, max-age=86400');
  await o.cache.put(key, new Response(f.body, { status: 200, headers }));
}

/**
 * One origin request per key per isolate at a time; the result is stored when it is a 200.
 * A request that started before the board's last write here is not joined.
 */
function fetchCoalesced(o: CachedReadOptions, key: string, writtenAt: number): Promise<Fetched> {
  const running = inflight.get(key);
  if (running && running.startedAt >= writtenAt) return running.promise;
  const startedAt = Date.now();
  const promise = o
    .fetchOrigin()
    .then(toFetched)
    .then(async (f) => {
      await store(o, key, f, startedAt);
      return f;
    })
    .finally(() => {
      if (inflight.get(key)?.promise === promise) inflight.delete(key);
    });
  inflight.set(key, { startedAt, promise });
  return promise;
}

async function respond(o: CachedReadOptions, status: CacheStatus, f: Fetched, ageMs: number | null, freshMs: number): Promise<Response> {
  const headers = new Headers(f.headers);
  headers.delete(STORED_AT);
  headers.delete(FRESH_MS);
  headers.delete('content-length');
  const etag = headers.get('etag') ?? (f.status === 200 ? await etagOf(f.body) : null);
  if (etag) headers.set('ETag', etag);
  headers.set('X-Cache', status);
  if (f.status === 200) headers.set('Cache-Control', `public, max-age=${Math.round(freshMs / 1000)}, stale-while-revalidate=${Math.round(freshMs / 1000)}, stale-if-error=86400`);
  if (ageMs !== null) headers.set('Age', String(Math.floor(ageMs / 1000)));
  if (etag && o.ifNoneMatch && o.ifNoneMatch.split(',').some((t) => t.trim() === etag)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(f.body, { status: f.status, headers });
}

/** Serves a public GET through the edge cache. */
export async function cachedRead(o: CachedReadOptions): Promise<Response> {
  const key = cacheKey(o.url);
  const [hit, marker] = await Promise.all([o.cache.match(key), o.board ? o.cache.match(boardMarkerKey(o.board)) : Promise.resolve(undefined)]);
  const writtenAt = marker ? Number(await marker.text()) : 0;
  const now = Date.now();

  let copy: { f: Fetched; age: number; fresh: number } | null = null;
  if (hit) {
    const storedAt = Number(hit.headers.get(STORED_AT) ?? 0);
    const fresh = Number(hit.headers.get(FRESH_MS) ?? o.defaultCacheSeconds * 1000);
    copy = { f: await toFetched(hit), age: now - storedAt, fresh };
    if (storedAt >= writtenAt && copy.age < copy.fresh) return respond(o, 'HIT', copy.f, copy.age, fresh);
    if (storedAt >= writtenAt && copy.age < MAX_STALE_MS) {
      o.waitUntil(fetchCoalesced(o, key, writtenAt).catch(() => undefined));
      return respond(o, 'STALE', copy.f, copy.age, fresh);
    }
  }

  try {
    const f = await fetchCoalesced(o, key, writtenAt);
    if (f.status >= 500 && copy && copy.age < MAX_STALE_MS) return respond(o, 'STALE', copy.f, copy.age, copy.fresh);
    return respond(o, 'MISS', f, null, maxAgeMs(new Headers(f.headers).get('cache-control'), o.defaultCacheSeconds));
  } catch (err) {
    if (copy && copy.age < MAX_STALE_MS) return respond(o, 'STALE', copy.f, copy.age, copy.fresh);
    throw err instanceof ApiError ? err : new ApiError('unavailable', 'The origin did not answer', undefined, 2);
  }
}
