/** Fetching the edge's JSON API from the page, with its error envelope turned into ApiFailure. */
import type { Board, EntriesPage, Entry, LiveEntry, LiveOvertaken, SubmitResult } from '../../core/index.ts';

export type { Board, EntriesPage, Entry, LiveEntry, LiveOvertaken, SubmitResult };
export interface PlayerStanding { entry: Entry; total: number; percentile: number }

/** A failed API call: the envelope's code and message, or `network` when nothing answered. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

/** True when the failure means the service is down or unreachable (not a wrong request). */
export const isUnavailable = (err: ApiFailure): boolean => err.status === 0 || err.status >= 500;

async function failureOf(res: Response): Promise<ApiFailure> {
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  return new ApiFailure(res.status, body?.error?.code ?? `http_${res.status}`, body?.error?.message ?? `The server answered ${res.status}`);
}

/**
 * Read-your-writes at every edge location: a write answers with its board's version
 * (`X-Board-Seq`), and every later read of that board sends it as `X-Min-Seq`, so an edge
 * location holding an older copy fetches a fresh one instead of serving it.
 */
const boardVersions = new Map<string, number>();

const boardOfPath = (path: string): string | null => {
  const m = /^\/api\/boards\/([^/?]+)/.exec(path);
  return m ? decodeURIComponent(m[1]!) : null;
};

function noteVersion(path: string, method: string, res: Response): void {
  const board = boardOfPath(path);
  const seq = Number(res.headers.get('x-board-seq'));
  if (board && method !== 'GET' && res.ok && Number.isSafeInteger(seq) && seq > (boardVersions.get(board) ?? 0)) boardVersions.set(board, seq);
}

/** The `X-Min-Seq` header for a read of this path, when this page wrote to its board. */
export function minSeqHeaders(path: string): Record<string, string> {
  const board = boardOfPath(path);
  const seq = board ? boardVersions.get(board) : undefined;
  return seq ? { 'X-Min-Seq': String(seq) } : {};
}

/** Calls the API; resolves with the parsed body, rejects with ApiFailure. */
export async function callApi<T>(path: string, init: RequestInit = {}): Promise<T> {
  const method = (init.method ?? 'GET').toUpperCase();
  let res: Response;
  try {
    res = await fetch(path, { cache: 'no-store', ...init, headers: { ...(method === 'GET' ? minSeqHeaders(path) : {}), ...(init.headers as Record<string, string> | undefined) } });
  } catch {
    throw new ApiFailure(0, 'network', 'The leaderboard could not be reached');
  }
  noteVersion(path, method, res);
  if (!res.ok) throw await failureOf(res);
  return (await res.json()) as T;
}

/** The answer to a conditional GET: `body` is null when the copy we hold is still current (304). */
export interface ConditionalAnswer<T> {
  body: T | null;
  etag: string | null;
  /** The edge's X-Cache: HIT, MISS, STALE or BYPASS. */
  cache: string | null;
  /** Age of the edge's copy in seconds, when it says. */
  ageSeconds: number | null;
}

/**
 * A GET with If-None-Match. `cache: 'no-store'` keeps the browser's HTTP cache out of the way,
 * so a 304 reaches us and every poll really asks the edge.
 */
export async function conditionalGet<T>(path: string, etag: string | null): Promise<ConditionalAnswer<T>> {
  let res: Response;
  try {
    res = await fetch(path, { cache: 'no-store', headers: { ...minSeqHeaders(path), ...(etag ? { 'If-None-Match': etag } : {}) } });
  } catch {
    throw new ApiFailure(0, 'network', 'The leaderboard could not be reached');
  }
  const age = res.headers.get('age');
  const meta = { etag: res.headers.get('etag') ?? etag, cache: res.headers.get('x-cache'), ageSeconds: age === null ? null : Number(age) };
  if (res.status === 304) return { body: null, ...meta };
  if (!res.ok) throw await failureOf(res);
  return { body: (await res.json()) as T, ...meta };
}

const enc = encodeURIComponent;

/** Paths of the API's public reads and writes. */
export const paths = {
  boards: () => '/api/boards',
  board: (board: string) => `/api/boards/${enc(board)}`,
  entries: (board: string, limit: number, cursor: string | null) => `/api/boards/${enc(board)}/entries?limit=${limit}${cursor ? `&cursor=${enc(cursor)}` : ''}`,
  player: (board: string, id: string) => `/api/boards/${enc(board)}/players/${enc(id)}`,
  around: (board: string, id: string, radius: number) => `/api/boards/${enc(board)}/players/${enc(id)}/around?radius=${radius}`,
  players: (board: string, ids: string[]) => `/api/boards/${enc(board)}/players?ids=${ids.map(enc).join(',')}`,
  scores: (board: string) => `/api/boards/${enc(board)}/scores`,
  stream: (board: string, view: string) => `/api/boards/${enc(board)}/stream?view=${enc(view)}`,
};
