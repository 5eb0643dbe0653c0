/**
 * The console's calls: the same public API and client package (client/) as every other client,
 * with the admin key as a bearer token. The key lives in this module's memory only; nothing here
 * writes it to storage.
 */
import { createClient, LeaderboardError, type BoardConfig } from '../../../client/src/index.ts';

/** A refused or failed call, with the envelope's details (field -> message) when the API gave them. */
export { LeaderboardError as AdminFailure };

let adminKey: string | null = null;

/** Holds the key for this page's lifetime (memory only); null forgets it. */
export function setKey(key: string | null): void {
  adminKey = key && key.trim() ? key.trim() : null;
}
export const hasKey = (): boolean => adminKey !== null;

const key = (): string => {
  if (!adminKey) throw new LeaderboardError(0, 'no_key', 'Enter the admin key first');
  return adminKey;
};

// The key is asked for on every write and on the deep health check, never on public reads.
// A retry waits at most a second: an operator sees a refusal at once and decides.
const client = createClient({ init: { cache: 'no-store' }, retry: { attempts: 2, maxWaitSeconds: 1 }, token: key });

export const adminApi = {
  boards: () => client.boards(),
  /** The edge, the origin, Valkey and Supabase; a part that failed says so (the API's 503 answer). */
  health: () => client.deepHealth(),
  putBoard: (id: string, body: Record<string, unknown>) => client.putBoard(id, body as BoardConfig),
  deleteBoard: (id: string) => client.deleteBoard(id),
  erasePlayer: (board: string, player: string) => client.deletePlayer(board, player),
};

/** How the console words a failure: the status and its meaning, then the API's message. */
export function describeFailure(err: unknown): string {
  if (!(err instanceof LeaderboardError)) return String(err);
  const what: Record<number, string> = { 400: 'Bad request', 401: 'Not authorized', 403: 'Forbidden', 404: 'Not found', 409: 'Conflict', 413: 'Too large', 429: 'Too many requests' };
  const head = err.status ? `${err.status} ${what[err.status] ?? (err.status >= 500 ? 'Service error' : 'Error')}: ` : '';
  const fields = Object.entries(err.details).map(([k, v]) => `${k} ${String(v)}`);
  return `${head}${err.message}${fields.length ? ` (${fields.join('; ')})` : ''}.`;
}

/** The field messages of a refused call (field -> message). */
export const fieldErrors = (err: LeaderboardError): Record<string, string> => Object.fromEntries(Object.entries(err.details).map(([k, v]) => [k, String(v)]));
