/**
 * The console's calls: the same public API as every other client, with the admin key as a bearer
 * token. The key lives in this module's memory only; nothing here writes it to storage.
 */
import type { Board } from '../api-client.ts';

/** A refused or failed call, with the envelope's details (field -> message) when the API gave them. */
export class AdminFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, string> = {},
    readonly requestId: string | null = null,
  ) {
    super(message);
    this.name = 'AdminFailure';
  }
}

let adminKey: string | null = null;

/** Holds the key for this page's lifetime (memory only); null forgets it. */
export function setKey(key: string | null): void {
  adminKey = key && key.trim() ? key.trim() : null;
}
export const hasKey = (): boolean => adminKey !== null;

const enc = encodeURIComponent;

/** One call; resolves with the JSON body (null for 204), rejects with AdminFailure. */
export async function call<T>(method: string, path: string, o: { body?: unknown; admin?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (o.admin) {
    if (!adminKey) throw new AdminFailure(0, 'no_key', 'Enter the admin key first');
    headers.authorization = `Bearer ${adminKey}`;
  }
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, cache: 'no-store', body: o.body === undefined ? null : JSON.stringify(o.body) });
  } catch {
    throw new AdminFailure(0, 'network', 'The service could not be reached');
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null; // not JSON: the status alone says what happened
  }
  if (!res.ok) {
    const env = (json ?? {}) as { error?: { code?: string; message?: string; details?: Record<string, string> }; requestId?: string };
    throw new AdminFailure(res.status, env.error?.code ?? `http_${res.status}`, env.error?.message ?? `The server answered ${res.status}`, env.error?.details ?? {}, env.requestId ?? res.headers.get('x-request-id'));
  }
  return json as T;
}

export interface Health {
  status: string;
  edge?: string;
  origin?: string;
  valkey?: string;
  supabase?: string;
  [k: string]: unknown;
}

export const adminApi = {
  boards: () => call<{ boards: Board[] }>('GET', '/api/boards'),
  health: () => call<Health>('GET', '/api/health/deep', { admin: true }),
  putBoard: (id: string, body: unknown) => call<Board>('PUT', `/api/boards/${enc(id)}`, { body, admin: true }),
  deleteBoard: (id: string) => call<null>('DELETE', `/api/boards/${enc(id)}`, { admin: true }),
  erasePlayer: (board: string, player: string) => call<null>('DELETE', `/api/boards/${enc(board)}/players/${enc(player)}`, { admin: true }),
};

/** How the console words a failure: the status and its meaning, then the API's message. */
export function describeFailure(err: unknown): string {
  if (!(err instanceof AdminFailure)) return String(err);
  const what: Record<number, string> = { 400: 'Bad request', 401: 'Not authorized', 403: 'Forbidden', 404: 'Not found', 409: 'Conflict', 413: 'Too large', 429: 'Too many requests' };
  const head = err.status ? `${err.status} ${what[err.status] ?? (err.status >= 500 ? 'Service error' : 'Error')}: ` : '';
  const fields = Object.entries(err.details).map(([k, v]) => `${k} ${v}`);
  return `${head}${err.message}${fields.length ? ` (${fields.join('; ')})` : ''}.`;
}
