/**
 * The console's calls: the same public API and client package (client/) as every other client,
 * with the admin key as a bearer token. The key lives in this module's memory only; nothing here
 * writes it to storage.
 */
import { createClient, LeaderboardError, routes, type BoardConfig, type components, type PeriodResults, type PeriodsPage } from '../../../client/src/index.ts';

type Schemas = components['schemas'];
export type VerifyRun = Schemas['VerifyRun'];
export type RebuildRun = Schemas['RebuildRun'];
export type SourceState = Schemas['SourceState'];
export type SyncReport = Schemas['SyncReport'];
export type AuditPage = Schemas['AuditPage'];
export type WebhookDeliveries = Schemas['WebhookDeliveries'];
export type ModerationState = Schemas['ModerationState'];
export type ModerationResult = Schemas['ModerationResult'];
export type { PeriodResults, PeriodsPage };
/** Which periods a verify or rebuild covers: the current one when empty. */
export type PeriodsOption = Schemas['PeriodsOption'];

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

/** Rows per page of the console's lists. */
export const PAGE = 20;

/** An admin call: the key on every method; a GET may be sent again, a POST or a moderation change never. */
const call = async <T>(method: string, path: string, o: { body?: unknown; query?: Record<string, string | number | null> } = {}): Promise<T> =>
  (await client.request<T>(method, path, { ...o, auth: true }, method === 'GET')).body as T;

export const adminApi = {
  boards: () => client.boards(),
  /** The edge, the origin, Valkey and Supabase; a part that failed says so (the API's 503 answer). */
  health: () => client.deepHealth(),
  putBoard: (id: string, body: Record<string, unknown>) => client.putBoard(id, body as BoardConfig),
  deleteBoard: (id: string) => client.deleteBoard(id),
  erasePlayer: (board: string, player: string) => client.deletePlayer(board, player),
  // Operations on one board (docs/operations.md#operations-over-http)
  verify: (board: string, o: PeriodsOption) => call<VerifyRun>('POST', `${routes.board(board)}/verify`, { body: o }),
  rebuild: (board: string, o: PeriodsOption) => call<RebuildRun>('POST', `${routes.board(board)}/rebuild`, { body: o }),
  source: (board: string) => call<SourceState>('GET', `${routes.board(board)}/source`),
  sync: (board: string) => call<SyncReport>('POST', `${routes.board(board)}/sync`),
  audit: (board: string, before: number | null) => call<AuditPage>('GET', `${routes.board(board)}/audit`, { query: { limit: PAGE, before } }),
  webhooks: (board: string, before: number | null) => call<WebhookDeliveries>('GET', `${routes.board(board)}/webhooks`, { query: { limit: PAGE, before } }),
  // Moderation (docs/moderation.md); `board` null for every board
  moderation: (board: string) => call<ModerationState>('GET', `${routes.board(board)}/moderation`),
  moderate: (set: boolean, board: string | null, player: string, body: { action: string; reason: string }) =>
    call<ModerationResult>(set ? 'PUT' : 'DELETE', board === null ? `/api/moderation/${encodeURIComponent(player)}` : `${routes.board(board)}/moderation/${encodeURIComponent(player)}`, { body }),
  // Period archives (public reads)
  periods: (board: string, cursor: string | null) => client.periods(board, { limit: PAGE, cursor }),
  results: (board: string, period: string) => client.results(board, period),
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
