/**
 * A local stand-in for Supabase's API gateway + PostgREST v12, RPC only: `/rest/v1/rpc/<fn>`
 * with the apikey check, role switching (grants and RLS really apply), PostgREST's function
 * resolution, result shapes, error bodies and status codes.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { outlastClientPools } from '../http/keep-alive.ts';
import { asDbError } from '../postgres/sql.ts';
import type { Sql } from '../postgres/sql.ts';
import { buildCall } from './call.ts';
import type { ArgsMode } from './call.ts';
import { connectionError, noFunctionError, pgrstError, replyForDbError } from './errors.ts';
import type { ErrorReply } from './errors.ts';
import { resolveFunction, SchemaCache } from './schema-cache.ts';
import type { RpcFunction } from './schema-cache.ts';

export interface GatewayLogEntry {
  method: string;
  fn: string;
  status: number;
  ms: number;
  /** PostgREST/SQLSTATE code of an error response. */
  code?: string;
}

export interface GatewayOptions {
  sql: Sql;
  serviceRoleKey: string;
  anonKey: string;
  schema?: 'public';
  /** Called once per RPC request; entries never contain keys or arguments. */
  log?: (entry: GatewayLogEntry) => void;
}

export interface RunningGateway {
  url: string;
  stop(): Promise<void>;
}

type Role = 'service_role' | 'anon';

const JSON_TYPE = 'application/json; charset=utf-8';
const OBJECT_TYPE = 'application/vnd.pgrst.object+json';
// Query-string names PostgREST reserves for result shaping; they are not function arguments.
const RESERVED_QUERY = new Set(['select', 'order', 'limit', 'offset', 'on_conflict', 'columns', 'apikey']);

/** Builds the gateway app (Hono) over `sql`; see the module comment for what it serves. */
export function createGateway(opts: GatewayOptions): Hono {
  const { sql } = opts;
  const schema = opts.schema ?? 'public';
  const cache = new SchemaCache(sql, schema);
  const app = new Hono();

  const roleForKey = (key: string): Role | null =>
    safeEqual(key, opts.serviceRoleKey) ? 'service_role' : safeEqual(key, opts.anonKey) ? 'anon' : null;

  /** Kong's key-auth (apikey header or query param), then PostgREST's role from the bearer token. */
  const authenticate = (c: Context): Role | Response => {
    const apikey = c.req.header('apikey') ?? c.req.query('apikey');
    if (apikey === undefined || apikey === '') {
      return c.json({ message: 'No API key found in request', hint: 'No `apikey` request header or url param was found.' }, 401);
    }
    const keyRole = roleForKey(apikey);
    if (!keyRole) {
      return c.json({ message: 'Invalid API key', hint: 'Double check your Supabase `anon` or `service_role` API key.' }, 401);
    }
    const auth = c.req.header('authorization');
    if (auth === undefined) return keyRole;
    const bearer = /^bearer\s+(.+)$/i.exec(auth.trim())?.[1];
    const bearerRole = bearer === undefined ? null : roleForKey(bearer);
    if (!bearerRole) {
      const reply = pgrstError(401, 'PGRST301', 'JWT could not be decoded');
      reply.headers = { 'WWW-Authenticate': 'Bearer error="invalid_token", error_description="JWT could not be decoded"' };
      return send(reply);
    }
    return bearerRole;
  };

  app.get('/health', async (c) => {
    try {
      await sql.query('select 1');
      return c.json({ status: 'ok', db: sql.kind });
    } catch (err) {
      return c.json({ status: 'error', db: sql.kind, message: err instanceof Error ? err.message : String(err) }, 503);
    }
  });
  app.get('/rest/v1', (c) => c.json({}));
  app.get('/rest/v1/', (c) => c.json({}));

  app.on(['GET', 'POST'], '/rest/v1/rpc/:fn', async (c) => {
    const started = performance.now();
    const fnName = c.req.param('fn');
    const res = await handleRpc(c, fnName);
    const code = errorCodes.get(res);
    const ms = Math.round((performance.now() - started) * 10) / 10;
    opts.log?.({ method: c.req.method, fn: fnName, status: res.status, ms, ...(code ? { code } : {}) });
    return res;
  });

  app.all('/rest/v1/rpc/:fn', (c) => {
    const auth = authenticate(c);
    if (auth instanceof Response) return auth;
    return send(pgrstError(405, 'PGRST101', `Cannot use the ${c.req.method} method on RPC`));
  });

  app.all('/rest/v1/*', (c) => {
    const auth = authenticate(c);
    if (auth instanceof Response) return auth;
    const name = c.req.path.slice('/rest/v1/'.length);
    return send(
      pgrstError(404, 'PGRST205', `Could not find the table '${schema}.${name}' in the schema cache`, null, 'The local gateway only serves /rest/v1/rpc/<function>.'),
    );
  });

  // Kong's answer for paths outside its routes.
  app.notFound(() => new Response(JSON.stringify({ message: 'no Route matched with those values' }), { status: 404, headers: { 'Content-Type': JSON_TYPE } }));
  app.onError((err) => send(pgrstError(500, 'PGRSTX00', 'Internal gateway error', err instanceof Error ? err.message : String(err))));

  async function handleRpc(c: Context, fnName: string): Promise<Response> {
    const role = authenticate(c);
    if (role instanceof Response) return role;
    const isPost = c.req.method === 'POST';
    const profile = c.req.header(isPost ? 'content-profile' : 'accept-profile');
    if (profile !== undefined && profile !== schema) {
      return send(pgrstError(406, 'PGRST106', `The schema must be one of the following: ${schema}`, null, `Only the following schemas are exposed: ${schema}`));
    }

    // Arguments: a JSON object body (POST) or text query-string values (GET).
    let doc: string;
    let keys: string[];
    let objectBody = true;
    if (isPost) {
      const text = await c.req.text();
      if (text.trim() === '') {
        doc = '{}';
        keys = [];
      } else {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          return send(pgrstError(400, 'PGRST102', 'Invalid request body', 'The request body is not valid JSON.'));
        }
        doc = text;
        objectBody = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
        keys = objectBody ? Object.keys(parsed as object) : [];
      }
    } else {
      const args: Record<string, string> = {};
      for (const [k, v] of new URL(c.req.url).searchParams) if (!RESERVED_QUERY.has(k)) args[k] = v;
      doc = JSON.stringify(args);
      keys = Object.keys(args);
    }

    const single = (c.req.header('accept') ?? '').includes(OBJECT_TYPE);
    let reloaded = false;
    for (;;) {
      let fn: RpcFunction;
      let mode: ArgsMode;
      try {
        let resolution = resolveFunction(await cache.get(fnName), keys, isPost);
        if (resolution.kind === 'none' && !reloaded) {
          reloaded = true; // maybe created since the cache was loaded
          await cache.reload();
          resolution = resolveFunction(await cache.get(fnName), keys, isPost);
        }
        if (resolution.kind === 'none') return send(noFunctionError(schema, fnName, keys, isPost));
        if (resolution.kind === 'ambiguous') return send(ambiguous(resolution.fns));
        fn = resolution.fn;
        mode = resolution.kind === 'single-json' ? 'single-json' : isPost ? 'json' : 'text';
        if (mode !== 'single-json' && !objectBody) {
          return send(pgrstError(400, 'PGRST102', 'Invalid request body', 'Function arguments must be a JSON object.'));
        }
      } catch (err) {
        return send(failure(err, role));
      }

      const text = buildCall(fn, mode === 'single-json' ? [] : keys, mode, single);
      const params = mode === 'single-json' || keys.length > 0 ? [doc] : [];
      try {
        const rows = await sql.transaction(async (tx) => {
          if (!isPost) await tx.query('set transaction read only'); // PostgREST runs GET read-only
          await tx.query(
            `select set_config('role', $1, true), set_config('request.jwt.claim.role', $1, true),
                    set_config('request.jwt.claims', $2, true), set_config('search_path', $3, true),
                    set_config('request.method', $4, true), set_config('request.path', $5, true),
                    set_config('request.headers', $6, true)`,
            [role, JSON.stringify({ role }), `${schema}, extensions`, c.req.method, c.req.path, JSON.stringify(safeHeaders(c))],
          );
          return tx.query<{ body: string | null; n: number }>(text, params);
        });
        const row = rows[0];
        if (fn.returns === 'void') return new Response(null, { status: 204 });
        const setReturning = fn.returns === 'setof-scalar' || fn.returns === 'setof-composite';
        const n = Number(row?.n ?? 0);
        if (single && setReturning && n !== 1) {
          return send(pgrstError(406, 'PGRST116', 'JSON object requested, multiple (or no) rows returned', `The result contains ${n} rows`));
        }
        const headers: Record<string, string> = { 'Content-Type': single ? `${OBJECT_TYPE}; charset=utf-8` : JSON_TYPE };
        if (setReturning && !single) headers['Content-Range'] = n > 0 ? `0-${n - 1}/*` : '*/*';
        return new Response(row?.body ?? 'null', { status: 200, headers });
      } catch (err) {
        const db = asDbError(err);
        // The function changed signature since the cache was loaded: reload and retry once.
        if (db?.code === '42883' && !reloaded && db.message.startsWith(`function ${schema}.${fnName}(`)) {
          reloaded = true;
          await cache.reload().catch(() => {});
          continue;
        }
        return send(failure(err, role));
      }
    }
  }

  return app;
}

/** Starts the gateway on `host:port` (port 0 picks a free one) and resolves once listening. */
export async function startGateway(opts: GatewayOptions & { port: number; host?: '127.0.0.1' }): Promise<RunningGateway> {
  const app = createGateway(opts);
  const host = opts.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(new Error(`gateway cannot listen on ${host}:${opts.port}: ${err.message}`, { cause: err }));
    const server = serve({ fetch: app.fetch, port: opts.port, hostname: host }, (info) => {
      server.off('error', onError);
      resolve({ url: `http://${host}:${info.port}`, stop: () => closeServer(server as Server) });
    });
    outlastClientPools(server as Server);
    server.once('error', onError);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    // Finish in-flight requests, drop idle keep-alive sockets now, and force the rest after 2 s.
    const force = setTimeout(() => server.closeAllConnections(), 2_000);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

function failure(err: unknown, role: Role): ErrorReply {
  const db = asDbError(err);
  return db ? replyForDbError(db, role === 'anon') : connectionError(err);
}

function ambiguous(fns: RpcFunction[]): ErrorReply {
  const list = fns.map((f) => `${f.schema}.${f.name}(${f.params.map((p) => `${p.name} => ${p.type}`).join(', ')})`).join(', ');
  return pgrstError(
    300,
    'PGRST203',
    `Could not choose the best candidate function between: ${list}`,
    null,
    'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
  );
}

// Error code of each error response, for the request log.
const errorCodes = new WeakMap<Response, string>();

function send(reply: ErrorReply): Response {
  const res = new Response(JSON.stringify(reply.body), { status: reply.status, headers: { 'Content-Type': JSON_TYPE, ...reply.headers } });
  errorCodes.set(res, reply.body.code);
  return res;
}

function safeHeaders(c: Context): Record<string, string> {
  const out: Record<string, string> = {};
  c.req.raw.headers.forEach((value, name) => {
    if (name !== 'apikey' && name !== 'authorization' && name !== 'cookie') out[name] = value;
  });
  return out;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
