/**
 * A typed client for the leaderboard's public HTTP API (docs/api.md). Its types are generated from
 * the OpenAPI document (./openapi.ts); this wrapper adds what every caller needs and nobody should
 * write twice:
 * - an `Idempotency-Key` on every score submission, kept across its retries;
 * - bounded retries on 429 and 503 (and lost connections where a retry is safe), honouring `Retry-After`;
 * - read-your-writes: after a write, reads of that board send its `X-Board-Seq` as `minSeq`;
 * - `stream()`, the board's live events (Server-Sent Events), reconnecting with `Last-Event-ID`;
 *   `watch()`, each new board version, by polling or from a pluggable `LiveSource`.
 * It needs nothing but `fetch` (Node 18+, browsers, Workers, Deno, Bun).
 */
// A type-only import, erased from the JavaScript; '.js' so the published declarations resolve too.
import type { components, paths } from './openapi.js';

export type { components, paths };
type Schemas = components['schemas'];
export type Board = Schemas['Board'];
export type BoardConfig = Schemas['BoardConfig'];
export type BoardList = Schemas['BoardList'];
export type Entry = Schemas['Entry'];
export type EntriesPage = Schemas['EntriesPage'];
export type EntriesList = Schemas['EntriesList'];
export type PlayerView = Schemas['PlayerView'];
export type PlayerHistory = Schemas['PlayerHistory'];
export type Histogram = Schemas['Histogram'];
export type PeriodsPage = Schemas['PeriodsPage'];
export type PeriodResults = Schemas['PeriodResults'];
export type SubmitScore = Schemas['SubmitScore'];
export type SubmitResult = Schemas['SubmitResult'];
export type BatchResult = Schemas['BatchResult'];
export type CompatPage = Schemas['CompatPage'];
export type Health = Schemas['Health'];
export type ErrorCode = Schemas['ErrorCode'];
export type ErrorEnvelope = Schemas['ErrorEnvelope'];
export type LiveEntry = Schemas['LiveEntryEvent'];
export type LiveOvertaken = Schemas['LiveOvertakenEvent'];
export type LivePeriod = Schemas['LivePeriodEvent'];
export type LiveReset = Schemas['LiveResetEvent'];

/** What a live stream delivers (`GET /api/boards/{board}/stream`, docs/live.md). */
export type LiveEvent =
  | { event: 'entry'; id: string | null; data: LiveEntry }
  | { event: 'overtaken'; id: string | null; data: LiveOvertaken }
  | { event: 'period'; id: string | null; data: LivePeriod }
  | { event: 'reset'; id: string | null; data: LiveReset };

/** A stream opened by `client.stream()`. */
export interface LiveSubscription {
  /** Stops the stream; no reconnect follows. */
  close(): void;
  /** Resolves when the stream has stopped for good (closed, or refused with a 4xx). */
  done: Promise<void>;
}

/**
 * A call that failed: the API's error envelope, or `network` (status 0) when nothing answered.
 * `retryAfterSeconds` is the answer's `Retry-After`, when it had one.
 */
export class LeaderboardError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'network' | `http_${number}` | (string & {}),
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly requestId: string | null = null,
    readonly retryAfterSeconds: number | null = null,
    /** The answer's JSON body as sent, when it had one. */
    readonly body: unknown = null,
  ) {
    super(message);
    this.name = 'LeaderboardError';
  }

  /** True when the service is down or unreachable, rather than the request being wrong. */
  get unavailable(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

/** What the client did with one answer: the parsed body and the headers a caller may need. */
export interface Answer<T> {
  /** The JSON body; null for 204, and for 304 (the copy the caller holds is current). */
  body: T | null;
  status: number;
  /** The answer's ETag, or the one sent when the answer is 304. */
  etag: string | null;
  /** The edge's `X-Cache`: HIT, MISS, STALE or BYPASS. */
  cache: string | null;
  ageSeconds: number | null;
  /** `X-Board-Seq`: the board version the answer reflects (or a write produced). */
  boardSeq: number | null;
  requestId: string | null;
  /** True when a write was a replay of an earlier one with the same `Idempotency-Key`. */
  replayed: boolean;
}

export interface RetryOptions {
  /** Tries in all, the first included (default 3). 1 turns retries off. */
  attempts?: number;
  /** A `Retry-After` longer than this is not waited for: the error is thrown at once (default 10). */
  maxWaitSeconds?: number;
  /** The wait before the first retry when the answer has no `Retry-After`; doubled each time (default 250). */
  baseDelayMs?: number;
}

/** A source of board versions pushed by the service; `watch()` uses it instead of polling when given. */
export interface LiveSource {
  /** Calls `onVersion` with each new version of `board`; returns a function that stops it. */
  subscribe(board: string, onVersion: (seq: number) => void): () => void;
}

export interface ClientOptions {
  /** Where the API is, e.g. `https://leaderboard.example.com`; empty (the default) for the page's own origin. */
  baseUrl?: string;
  /** The bearer credential for writes and admin calls: a server key, the admin key, or a player's JWT (or a function returning one). */
  token?: string | null | (() => string | null | undefined | Promise<string | null | undefined>);
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
  /** Merged into every request, e.g. `{ cache: 'no-store' }` in a browser that polls. */
  init?: RequestInit;
  /** Retries on 429 and 503; `false` turns them off. */
  retry?: RetryOptions | false;
  /** Send the board version of this client's last write as `minSeq` on reads of that board (default true). */
  readYourWrites?: boolean;
  /** Makes a new `Idempotency-Key` (default: a random UUID). */
  newIdempotencyKey?: () => string;
  /** How the client waits before a retry (tests replace it). */
  sleep?: (ms: number) => Promise<void>;
  /** The push channel for `watch()`, once the service has one; without it `watch()` polls. */
  live?: LiveSource;
}

type Query = Record<string, string | number | null | undefined>;

export interface CallOptions {
  query?: Query;
  /** A JSON body. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Sends `If-None-Match`; a 304 then resolves with `body: null`. */
  etag?: string | null;
  /** The write's `Idempotency-Key`; without it a submit gets a new one. */
  idempotencyKey?: string;
  /** A bearer credential for this call only (instead of the client's `token`); null sends none. */
  token?: string | null;
  /** Send the client's `token` (default: on every method but GET). */
  auth?: boolean;
  /** Tries for this call, instead of the client's `retry.attempts` (1: no retry). */
  attempts?: number;
  signal?: AbortSignal;
}

export interface PageOptions {
  limit?: number;
  cursor?: string | null;
  period?: string;
}

const enc = encodeURIComponent;

/** The API's paths, for callers that use `request()` directly. */
export const routes = {
  boards: () => '/api/boards',
  board: (board: string) => `/api/boards/${enc(board)}`,
  periods: (board: string) => `/api/boards/${enc(board)}/periods`,
  results: (board: string, period: string) => `/api/boards/${enc(board)}/periods/${enc(period)}/results`,
  entries: (board: string) => `/api/boards/${enc(board)}/entries`,
  players: (board: string) => `/api/boards/${enc(board)}/players`,
  player: (board: string, playerId: string) => `/api/boards/${enc(board)}/players/${enc(playerId)}`,
  around: (board: string, playerId: string) => `/api/boards/${enc(board)}/players/${enc(playerId)}/around`,
  history: (board: string, playerId: string) => `/api/boards/${enc(board)}/players/${enc(playerId)}/history`,
  histogram: (board: string) => `/api/boards/${enc(board)}/histogram`,
  scores: (board: string) => `/api/boards/${enc(board)}/scores`,
  batch: (board: string) => `/api/boards/${enc(board)}/scores/batch`,
};

/** The board a path is about, or null (the board list, health, the compatibility path). */
export function boardOf(path: string): string | null {
  const m = /^\/api\/boards\/([^/?]+)/.exec(path);
  return m ? decodeURIComponent(m[1]!) : null;
}

/** Seconds to wait from a `Retry-After` header (seconds or an HTTP date), or null. */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

function randomKey(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  // randomUUID exists only in secure contexts; getRandomValues everywhere.
  const bytes = c.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const numberHeader = (res: Response, name: string): number | null => {
  const v = res.headers.get(name);
  return v === null || v === '' || !Number.isFinite(Number(v)) ? null : Number(v);
};

async function failureOf(res: Response): Promise<LeaderboardError> {
  const body = (await res.json().catch(() => null)) as unknown;
  const env = body as Partial<ErrorEnvelope> | null;
  return new LeaderboardError(
    res.status,
    env?.error?.code ?? `http_${res.status}`,
    env?.error?.message ?? `The server answered ${res.status}`,
    env?.error?.details ?? {},
    env?.requestId ?? res.headers.get('x-request-id'),
    retryAfterSeconds(res.headers.get('retry-after')),
    body,
  );
}

/** A client for one deployment; see `ClientOptions`. */
export class LeaderboardClient {
  private readonly versions = new Map<string, number>();
  private readonly baseUrl: string;
  private readonly retry: Required<RetryOptions>;

  constructor(private readonly options: ClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
    const r = options.retry === false ? { attempts: 1 } : (options.retry ?? {});
    this.retry = { attempts: Math.max(1, r.attempts ?? 3), maxWaitSeconds: r.maxWaitSeconds ?? 10, baseDelayMs: r.baseDelayMs ?? 250 };
  }

  /** The board version this client sends as `minSeq` on reads of `board` (its last write's), if any. */
  boardSeq(board: string): number | undefined {
    return this.versions.get(board);
  }

  /**
   * One call, with the client's retries and read-your-writes. Rejects with LeaderboardError.
   * `retrySafe` says whether a call whose connection was lost may be sent again.
   */
  async request<T>(method: string, path: string, o: CallOptions = {}, retrySafe = true): Promise<Answer<T>> {
    method = method.toUpperCase();
    const board = boardOf(path);
    const query: Query = { ...o.query };
    const seq = board !== null && method === 'GET' && this.options.readYourWrites !== false ? this.versions.get(board) : undefined;
    if (seq !== undefined && query.minSeq === undefined) query.minSeq = seq;
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
    const url = `${this.baseUrl}${path}${qs.size ? `${path.includes('?') ? '&' : '?'}${qs}` : ''}`;

    const headers: Record<string, string> = { ...o.headers };
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    if (o.etag) headers['if-none-match'] = o.etag;
    if (o.idempotencyKey) headers['idempotency-key'] = o.idempotencyKey;
    const token = o.token !== undefined ? o.token : (o.auth ?? method !== 'GET') ? await this.token() : null;
    if (token) headers.authorization = `Bearer ${token}`;
    const init: RequestInit = { ...this.options.init, method, headers, body: o.body === undefined ? null : JSON.stringify(o.body), ...(o.signal ? { signal: o.signal } : {}) };

    const doFetch = this.options.fetch ?? globalThis.fetch;
    const attempts = Math.max(1, o.attempts ?? this.retry.attempts);
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await doFetch(url, init);
      } catch (err) {
        if (o.signal?.aborted) throw err;
        if (retrySafe && attempt < attempts) {
          await this.wait(this.retry.baseDelayMs * 2 ** (attempt - 1));
          continue;
        }
        throw new LeaderboardError(0, 'network', `The leaderboard could not be reached (${err instanceof Error ? err.message : String(err)})`);
      }
      if ((res.status === 429 || (res.status === 503 && retrySafe)) && attempt < attempts) {
        const after = retryAfterSeconds(res.headers.get('retry-after'));
        if (after === null || after <= this.retry.maxWaitSeconds) {
          void res.body?.cancel().catch(() => undefined); // not awaited: a tee'd body settles only when both branches do
          await this.wait(after === null ? this.retry.baseDelayMs * 2 ** (attempt - 1) : after * 1000);
          continue;
        }
      }
      return this.answer<T>(res, method, board, o.etag ?? null);
    }
  }

  private async answer<T>(res: Response, method: string, board: string | null, sentEtag: string | null): Promise<Answer<T>> {
    const boardSeq = numberHeader(res, 'x-board-seq');
    if (board !== null && method !== 'GET' && res.ok && boardSeq !== null && Number.isSafeInteger(boardSeq) && boardSeq > (this.versions.get(board) ?? 0)) {
      this.versions.set(board, boardSeq);
    }
    if (!res.ok && res.status !== 304) throw await failureOf(res);
    const text = res.status === 204 || res.status === 304 ? '' : await res.text();
    return {
      body: text ? (JSON.parse(text) as T) : null,
      status: res.status,
      etag: res.headers.get('etag') ?? sentEtag,
      cache: res.headers.get('x-cache'),
      ageSeconds: numberHeader(res, 'age'),
      boardSeq,
      requestId: res.headers.get('x-request-id'),
      replayed: res.headers.get('idempotent-replayed') === 'true',
    };
  }

  private async token(): Promise<string | null> {
    const t = this.options.token;
    return (typeof t === 'function' ? await t() : t) ?? null;
  }

  private wait(ms: number): Promise<void> {
    return (this.options.sleep ?? ((n) => new Promise<void>((r) => setTimeout(r, n))))(ms);
  }

  private async body<T>(method: string, path: string, o?: CallOptions, retrySafe = true): Promise<T> {
    return (await this.request<T>(method, path, o, retrySafe)).body as T;
  }

  // Reads (public)

  /** `GET /api/health`: the edge is alive. */
  health = (): Promise<Health> => this.body('GET', '/api/health');
  boards = (): Promise<BoardList> => this.body('GET', routes.boards());
  board = (board: string): Promise<Board> => this.body('GET', routes.board(board));
  periods = (board: string, o: { limit?: number; cursor?: string | null } = {}): Promise<PeriodsPage> => this.body('GET', routes.periods(board), { query: o });
  /** A closed period's final standings, stored when it closed (docs/results.md); `not_found` (404) while it is open. */
  results = (board: string, period: string): Promise<PeriodResults> => this.body('GET', routes.results(board, period));
  /** The top of a board; follow `nextCursor` for the next page. */
  entries = (board: string, o: PageOptions = {}): Promise<EntriesPage> => this.body('GET', routes.entries(board), { query: { ...o } });
  /** A player's entry, rank and percentile; rejects with `player_not_found` (404) when they have no score. */
  player = (board: string, playerId: string, o: { period?: string } = {}): Promise<PlayerView> => this.body('GET', routes.player(board, playerId), { query: o });
  around = (board: string, playerId: string, o: { radius?: number; period?: string } = {}): Promise<EntriesList> =>
    this.body('GET', routes.around(board, playerId), { query: o });
  /** A player's score after each write that changed their entry, newest first; follow `nextCursor` for older points. */
  history = (board: string, playerId: string, o: PageOptions = {}): Promise<PlayerHistory> => this.body('GET', routes.history(board, playerId), { query: { ...o } });
  /** The board's score distribution in `buckets` equal-width ranges (1 to 50, default 10). */
  histogram = (board: string, o: { buckets?: number; period?: string } = {}): Promise<Histogram> => this.body('GET', routes.histogram(board), { query: o });
  /** The entries of up to 100 players in rank order (a friends list); ids without a score are left out. */
  players = (board: string, ids: string[], o: { period?: string } = {}): Promise<EntriesList> =>
    this.body('GET', routes.players(board), { query: { ids: ids.join(','), ...o } });
  /** The compatibility path: the top `count` of the default board. */
  leaderboard = (count?: number): Promise<CompatPage> => this.body('GET', '/leaderboard', { query: { count } });

  // Writes

  /**
   * Submits one score. Every call gets its own `Idempotency-Key` (or the one given), kept across
   * retries, so a retried write is applied once.
   */
  submit = (board: string, score: SubmitScore, o: { idempotencyKey?: string; token?: string | null } = {}): Promise<SubmitResult> =>
    this.body('POST', routes.scores(board), { body: score, idempotencyKey: o.idempotencyKey ?? (this.options.newIdempotencyKey ?? randomKey)(), ...('token' in o ? { token: o.token ?? null } : {}) });

  /**
   * Submits up to 1000 scores, all or none (server and admin keys). Like `submit`, every call gets
   * its own `Idempotency-Key` (or the one given), kept across retries, so a retried batch is applied once.
   */
  submitBatch = (board: string, entries: SubmitScore[], o: { idempotencyKey?: string } = {}): Promise<BatchResult> =>
    this.body('POST', routes.batch(board), { body: { entries }, idempotencyKey: o.idempotencyKey ?? (this.options.newIdempotencyKey ?? randomKey)() });

  // Admin

  putBoard = (board: string, config: BoardConfig): Promise<Board> => this.body('PUT', routes.board(board), { body: config });
  deleteBoard = async (board: string): Promise<void> => void (await this.request('DELETE', routes.board(board)));
  /** Erases a player from every period of the board, in every store and edge location. */
  deletePlayer = async (board: string, playerId: string): Promise<void> => void (await this.request('DELETE', routes.player(board, playerId)));
  /** `GET /api/health/deep` (admin): the edge, the origin, Valkey and Supabase. */
  deepHealth = (): Promise<Health> =>
    this.body<Health>('GET', '/api/health/deep', { auth: true }, false).catch((err: unknown) => {
      // A part that failed is answered 503 with the same shape, saying which.
      if (err instanceof LeaderboardError && err.status === 503 && (err.body as Health | null)?.status === 'unavailable') return err.body as Health;
      throw err;
    });

  // Live

  /**
   * Opens the board's live stream (Server-Sent Events, docs/live.md) for `view` (`top:N`,
   * `around:{playerId}` or `ids:a,b,c`) and calls `onEvent` with each event. It reconnects by
   * itself after a broken stream or a 5xx/429, sending `Last-Event-ID`, so the events retained
   * meanwhile arrive in order; a `reset` event means refetch. A 4xx (an unknown board, a bad
   * view) stops it, through `onError`. Works with any fetch that streams bodies (browsers, Node 18+).
   */

  /**
   * Calls `onVersion` with each new version (`X-Board-Seq`) of `board`; returns a function that
   * stops. With the client's `live` source it listens to that; otherwise it polls the board with
   * `If-None-Match` every `intervalMs` (default 2000), which the edge answers from its cache.
   */
  stream(
    board: string,
    view: string,
    onEvent: (e: LiveEvent) => void,
    o: { onError?: (err: LeaderboardError) => void; reconnectMs?: number } = {},
  ): LiveSubscription {
    const abort = new AbortController();
    let lastId: string | null = null;
    const doFetch = this.options.fetch ?? globalThis.fetch;
    const url = `${this.baseUrl}${routes.board(board)}/stream?view=${encodeURIComponent(view)}`;
    const done = (async () => {
      while (!abort.signal.aborted) {
        try {
          const res = await doFetch(url, { headers: { accept: 'text/event-stream', ...(lastId ? { 'last-event-id': lastId } : {}) }, signal: abort.signal });
          if (!res.ok || !res.body) {
            const err = await failureOf(res);
            o.onError?.(err);
            // A 4xx other than 429 does not get better by retrying (an unknown board, a bad view).
            if (res.status < 500 && res.status !== 429) return;
            await this.wait((err.retryAfterSeconds ?? 0) * 1000 || (o.reconnectMs ?? 1000));
            continue;
          }
          for await (const e of sseEvents(res.body)) {
            if (e.id) lastId = e.id;
            onEvent(e as LiveEvent);
          }
        } catch (err) {
          if (abort.signal.aborted) return;
          o.onError?.(new LeaderboardError(0, 'network', `The live stream broke (${err instanceof Error ? err.message : String(err)})`));
        }
        // The stream ended or broke: reconnect with Last-Event-ID, so nothing retained is missed.
        if (!abort.signal.aborted) await this.wait(o.reconnectMs ?? 1000);
      }
    })();
    return { close: () => abort.abort(), done };
  }

  watch(board: string, onVersion: (seq: number) => void, o: { intervalMs?: number } = {}): () => void {
    if (this.options.live) return this.options.live.subscribe(board, onVersion);
    let stopped = false;
    let etag: string | null = null;
    let last = -1;
    const tick = async () => {
      try {
        const a = await this.request('GET', routes.board(board), { etag });
        etag = a.etag;
        if (!stopped && a.boardSeq !== null && a.boardSeq !== last) onVersion((last = a.boardSeq));
      } catch {
        // A failed poll is tried again at the next tick.
      }
    };
    void tick();
    const timer = setInterval(() => void tick(), o.intervalMs ?? 2000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }
}

/** `new LeaderboardClient(options)`. */
export const createClient = (options?: ClientOptions): LeaderboardClient => new LeaderboardClient(options);

/**
 * Splits an event-stream body into events (the SSE wire format: `event:`, `id:`, `data:` lines; a
 * blank line ends one). Comment lines (heartbeats) go to `onComment` when given.
 */
export async function* sseEvents(body: ReadableStream<Uint8Array>, o: { onComment?: (text: string) => void } = {}): AsyncGenerator<{ event: string; id: string | null; data: unknown }> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buf += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      for (let cut = buf.indexOf('\n\n'); cut >= 0; cut = buf.indexOf('\n\n')) {
        const block = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        let event = 'message';
        let id: string | null = null;
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) {
            o.onComment?.(line.slice(1).trim()); // a heartbeat
            continue;
          }
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') event = value;
          else if (field === 'id') id = value;
          else if (field === 'data') data.push(value);
        }
        if (data.length === 0) continue;
        const text = data.join('\n');
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON: passed on as text
        }
        yield { event, id, data: parsed };
      }
    }
  } finally {
    reader.releaseLock();
  }
}
