/** Helpers for integration tests: the stack's URLs and credentials, and small HTTP and store clients. */
import { GlideClient, GlideClusterClient } from '@valkey/valkey-glide';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { SignJWT } from 'jose';
import { invokeTask, type TaskReply } from '../admin/invoke.ts';
import { LOCAL_AWS, LOCAL_SUPABASE } from '../dev/local-config.ts';

const env = (name: string) => {
  const v = process.env[name];
  if (v === undefined) throw new Error(`${name} is not set: run integration tests through vitest's integration project`);
  return v;
};

export const edge = () => env('LB_TEST_EDGE');
export const emulator = () => env('LB_TEST_EMULATOR');
export const cloudflare = () => env('LB_TEST_CLOUDFLARE');

/** The purge calls the local Cloudflare purge API (dev/cloudflare) received. */
export async function purgeCalls(): Promise<{ at: string; zoneId: string; body: { tags?: string[] } | null; status: number; cleared: number | null }[]> {
  return ((await (await fetch(`${cloudflare()}/__cloudflare/purges`)).json()) as { purges: never[] }).purges;
}

/** Makes the local Cloudflare purge API fail its next `count` purges with 500. */
export async function failPurges(count: number): Promise<void> {
  await fetch(`${cloudflare()}/__cloudflare/fail`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ count }) });
}
export const ADMIN = () => env('LB_TEST_VAR_ADMIN_API_KEY');
export const SERVER = () => env('LB_TEST_VAR_SERVER_API_KEYS').split(',')[0]!;
export const JWT_SECRET = () => env('LB_TEST_VAR_SUPABASE_JWT_SECRET');
/** The issuer of the local Supabase project's tokens (the gateway's URL + /auth/v1). */
export const JWT_ISSUER = () => `${env('LB_TEST_VAR_SUPABASE_URL')}/auth/v1`;
export const AWS_KEYS = () => ({ accessKeyId: env('LB_TEST_VAR_AWS_ACCESS_KEY_ID'), secretAccessKey: env('LB_TEST_VAR_AWS_SECRET_ACCESS_KEY') });

/** A unique board id per test, so tests never share state. */
export const uniqueBoard = (prefix = 't') => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

export interface Res<T = any> {
  status: number;
  body: T;
  headers: Headers;
  /** The request was sent twice (see api): the first may have been applied. */
  resent?: boolean;
}

/**
 * Runs the admin CLI against the local stack's emulator. Asynchronous on purpose: a synchronous
 * child process blocks the event loop, so keep-alive connections the edge closed meanwhile are
 * not noticed, and the next request is sent on a dead one.
 */
export function adminCli(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done) => {
    const { accessKeyId, secretAccessKey } = AWS_KEYS();
    const env = { ...process.env, AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey };
    const child = spawn(process.execPath, ['--import', 'tsx', resolvePath(import.meta.dirname, '../admin/cli.ts'), ...args, '--endpoint', emulator()], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, out, err });
    });
  });
}

/** Calls the edge with JSON and an optional bearer token. */
export async function api<T = any>(method: string, path: string, o: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Res<T>> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.body !== undefined) headers['content-type'] ??= 'application/json';
  const send = () => fetch(edge() + path, { method, headers, body: o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body) });
  // The local stack loses a request now and then between its processes (docs/architecture.md, "Lost
  // requests between local processes under load"); production has none of these hops:
  // - a kept-alive connection to the local edge closed under it: the fetch fails;
  // - wrangler dev's proxy lost its connection to the Worker: it answers a non-GET with a plain-text
  //   503 "Your worker restarted mid-request", before or after the Worker saw it (the chaos fuzzer
  //   counts these apart).
  // A GET is sent once more after the first (it changes nothing; the proxy resends a GET by itself).
  // An idempotent write is sent up to three times after either: a PUT, or a write with an
  // Idempotency-Key, which the API tells a client to resend with the same key. `resent` tells the
  // caller that an earlier attempt may have been applied.
  const idempotent = method === 'PUT' || Object.keys(headers).some((h) => h.toLowerCase() === 'idempotency-key');
  const sends = idempotent ? 3 : 1;
  let resent = false;
  let res: Response;
  let text: string;
  for (let attempt = 1; ; attempt++) {
    try {
      res = await send();
    } catch (err) {
      if (method === 'GET' && attempt === 1 && (err as { cause?: { code?: string } }).cause?.code === 'UND_ERR_SOCKET') continue;
      if (!(idempotent && err instanceof TypeError && attempt < sends)) throw err;
      console.warn(`[test] ${method} ${path}: the connection to the local edge broke (${String((err as { cause?: unknown }).cause ?? err)}); sending it again`);
      resent = true;
      continue;
    }
    text = await res.text();
    if (!(idempotent && attempt < sends && res.status === 503 && text.includes('Your worker restarted mid-request'))) break;
    console.warn(`[test] ${method} ${path}: the local proxy lost the request ("worker restarted mid-request"); sending it again`);
    resent = true;
  }
  let body: any = text;
  try { body = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  return { status: res.status, body, headers: res.headers, ...(resent ? { resent } : {}) };
}

/** Walks a board's top list through the edge by its cursors (with `minSeq`, from a copy at least that new); every page's answer, in order. */
export async function entryPages(board: string, limit: number, o: { pauseMs?: number; minSeq?: number } = {}): Promise<Res[]> {
  const pages: Res[] = [];
  let cursor: string | null = null;
  do {
    const page: Res = await api('GET', `/api/boards/${board}/entries?limit=${limit}${o.minSeq !== undefined ? `&minSeq=${o.minSeq}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    pages.push(page);
    cursor = page.status === 200 ? page.body.nextCursor : null;
    if (cursor && o.pauseMs) await new Promise((r) => setTimeout(r, o.pauseMs));
  } while (cursor);
  return pages;
}

/** Creates a board through the edge as the admin. */
export async function createBoard(id: string, cfg: Record<string, unknown> = {}): Promise<void> {
  const res = await api('PUT', `/api/boards/${id}`, { token: ADMIN(), body: { name: id, sort: 'desc', operator: 'best', reset: 'never', writers: 'server', ...cfg } });
  // After a resend (see api), the first PUT may already have created it: then the second updates it.
  if (res.status !== 201 && !(res.resent && res.status === 200)) throw new Error(`create board ${id}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Submits a score through the edge as the game server. */
export const submit = (board: string, playerId: string, score: unknown, extra: { metadata?: unknown; key?: string; token?: string } = {}) =>
  api('POST', `/api/boards/${board}/scores`, {
    token: extra.token ?? SERVER(),
    body: { playerId, score, ...(extra.metadata !== undefined ? { metadata: extra.metadata } : {}) },
    ...(extra.key ? { headers: { 'idempotency-key': extra.key } } : {}),
  });

/** Calls a SQL function through the Supabase gateway as the service role. */
export async function rpc<T = any>(fn: string, args: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${env('LB_TEST_GATEWAY')}/rest/v1/rpc/${fn}`, {
    method: 'POST',
    headers: { apikey: LOCAL_SUPABASE.serviceRoleKey, authorization: `Bearer ${LOCAL_SUPABASE.serviceRoleKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  if (!res.ok) throw new Error(`rpc ${fn}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A GLIDE client on the test stack's Valkey (the TLS cluster when that is the mode). Close it after use. */
export async function valkeyClient(): Promise<GlideClient | GlideClusterClient> {
  const addresses = env('LB_TEST_VALKEY_ENDPOINT').split(',').map((a) => ({ host: a.split(':')[0]!, port: Number(a.split(':')[1]) }));
  const ca = process.env.LB_TEST_VALKEY_CA;
  return ca
    ? GlideClusterClient.createClient({ addresses, useTLS: true, advancedConfiguration: { tlsAdvancedConfiguration: { rootCertificates: readFileSync(ca, 'utf8') } } })
    : GlideClient.createClient({ addresses });
}

/** Empties Valkey (every primary of a cluster), as an operator's FLUSHALL would. */
export async function flushValkey(): Promise<void> {
  const c = await valkeyClient();
  try {
    if (c instanceof GlideClusterClient) await c.flushall({ route: 'allPrimaries' });
    else await c.flushall();
  } finally {
    c.close();
  }
}

/** Runs an origin maintenance task through the emulator's Lambda Invoke API, as the admin CLI does. */
export const task = <T = any>(name: string, args: Record<string, unknown> = {}): Promise<TaskReply<T>> =>
  invokeTask<T>({ functionName: LOCAL_AWS.functionName, region: LOCAL_AWS.region, endpoint: emulator(), credentials: AWS_KEYS() }, name, args);

/** Verifies one board's projection against the record; returns the number of differences. */
export async function verifyBoard(board: string, args: Record<string, unknown> = {}): Promise<{ differences: number; periods: { ready: boolean; differences: number; sample: unknown[] }[] }> {
  const reply = await task('verify', { board, ...args });
  if (!reply.ok) throw new Error(`verify ${board}: ${JSON.stringify(reply.error)}`);
  return reply.result;
}

let originDown = false;

/** Stops or starts the origin (the Lambda emulator) of the test stack. */
export async function origin(action: 'stop' | 'start'): Promise<void> {
  originDown = action === 'stop';
  const res = await fetch(`${env('LB_TEST_CONTROL')}/emulator/${action}`, { method: 'POST' });
  if (res.status !== 204) throw new Error(`origin ${action}: ${res.status} ${await res.text()}`);
}

/** Brings the origin back if a test stopped it (for afterEach). */
export async function ensureOriginUp(): Promise<void> {
  if (originDown) await origin('start');
}

/** The emulator's invocation counts, by path. */
export async function originHits(path: string): Promise<number> {
  const stats = (await (await fetch(`${emulator()}/__emulator/stats`)).json()) as { byPath: Record<string, number> };
  return stats.byPath[path] ?? 0;
}

/** A Supabase Auth-shaped player JWT signed with the local secret (HS256, audience "authenticated"). */
export const playerToken = (sub: string, expiresIn = '5m') =>
  new SignJWT({ role: 'authenticated' }).setProtectedHeader({ alg: 'HS256' }).setIssuer(JWT_ISSUER()).setSubject(sub).setAudience('authenticated').setIssuedAt().setExpirationTime(expiresIn).sign(new TextEncoder().encode(JWT_SECRET()));

/**
 * Waits, when the current rate-limit window has less than `seconds` left, for the next one. The
 * local rate-limiting binding counts in windows aligned to the clock (miniflare: one count per
 * floor(now / period)), so a burst that must be counted in one window starts in a fresh one.
 */
export async function withinOneLimitWindow(seconds: number, periodSeconds = 60): Promise<void> {
  const left = periodSeconds * 1000 - (Date.now() % (periodSeconds * 1000));
  if (left < seconds * 1000) await new Promise((r) => setTimeout(r, left + 100));
}
