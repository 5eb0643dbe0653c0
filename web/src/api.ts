/**
 * The web app's calls to the API: the repository's client package (client/), on the page's own
 * origin. It gives every write an Idempotency-Key, retries briefly on 429/503, and sends a board's
 * version after this page wrote to it (`minSeq`), so reads at any edge location show the write.
 */
import { createClient, LeaderboardError, routes, type Answer, type Board, type EntriesList, type EntriesPage, type Entry, type Histogram, type PlayerHistory, type PlayerView, type SubmitResult } from '../../client/src/index.ts';

export { LeaderboardError };
export type { Answer, Board, EntriesList, EntriesPage, Entry, Histogram, PlayerHistory, PlayerView, SubmitResult };
export type { LiveEntry, LiveOvertaken } from '../../core/index.ts';

/**
 * `cache: 'no-store'` keeps the browser's HTTP cache out of the way, so a 304 reaches us and every
 * poll really asks the edge. A retry waits at most 2 s: past that the page says the service is down.
 */
export const api = createClient({ init: { cache: 'no-store' }, retry: { attempts: 2, maxWaitSeconds: 2 } });

/** True when the failure means the service is down or unreachable (not a wrong request). */
export const isUnavailable = (err: LeaderboardError): boolean => err.unavailable;

/**
 * A GET with If-None-Match, sent once: the live views poll every second, so a poll that failed is
 * simply the next one. `body` is null when the copy we hold is still current (304).
 */
export const conditionalGet = <T>(path: string, etag: string | null): Promise<Answer<T>> => api.request<T>('GET', path, { etag, attempts: 1 });

const q = (params: Record<string, string | number | null>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null) s.set(k, String(v));
  return `?${s}`;
};

/** Paths of the views the page polls, with their queries. */
export const paths = {
  entries: (board: string, limit: number, cursor: string | null) => routes.entries(board) + q({ limit, cursor }),
  around: (board: string, id: string, radius: number) => routes.around(board, id) + q({ radius }),
  players: (board: string, ids: string[]) => routes.players(board) + q({ ids: ids.join(',') }),
  stream: (board: string, view: string) => `${routes.board(board)}/stream` + q({ view }),
};
