/**
 * Authenticated writes: the caller is checked, the body validated in full, the write rate-limited,
 * then forwarded signed. A write that changed something makes this isolate's older copies of the
 * board misses; a write that changed nothing (`updated: false`) invalidates nothing.
 */
import type { Context, Handler } from 'hono';
import type { ZodType } from 'zod';
import { ApiError, boardIdSchema, decodeLivePoke, LIVE_EVENT_HEADER, MAX_BODY_BYTES, parseWith, readJsonBody, type Principal } from '../../core/index.ts';
import { authenticate } from '../auth.ts';
import { markBoardWritten, publicHeaders } from '../cache.ts';
import type { EdgeEnv } from '../env.ts';
import { forwardToOrigin } from '../origin-client.ts';
import { takeToken } from '../rate-limit.ts';
import { publishWrite } from '../live/publish.ts';

export interface WriteSpec<B> {
  /** Who may make this write. */
  kinds: Principal['kind'][];
  /** The body's schema, and a check that needs the caller; none for a write without a body. */
  body?: ZodType<B>;
  check?: (body: B, principal: Principal) => void;
  maxBytes?: number;
  /** Whether the origin's answer says something changed; true when absent. */
  changed?: (answer: unknown) => boolean;
  /** False for a write that must be sent once, never retried (see ForwardOptions.replaySafe). */
  replaySafe?: boolean;
  /** For a route without a `:board` parameter: null (a write to every board, purged by tag at the origin). */
  board?: null;
  /** The query parameters an admin read takes: checked here, then forwarded (without one, the query is dropped). */
  query?: ZodType;
}

/** Rate-limits a write by client IP and, for players, by player (edge/rate-limit.ts). */
async function limitWrite(c: Context<EdgeEnv>, principal: Principal): Promise<void> {
  if (principal.kind !== 'player') return takeToken(c.env.KEY_WRITE_LIMITER, `key:${principal.kind}`, 'writes');
  await Promise.all([
    takeToken(c.env.WRITE_LIMITER, `ip:${c.req.header('cf-connecting-ip') ?? 'local'}`, 'writes'),
    takeToken(c.env.WRITE_LIMITER, `player:${principal.playerId}`, 'writes'),
  ]);
}

/** Copies the origin's answer, dropping hop-by-hop and AWS headers. */
function passThrough(res: Response, body: BodyInit | null = res.body): Response {
  return new Response(body, { status: res.status, headers: publicHeaders(res.headers) });
}

/** The write was acknowledged: the board's live watchers get it at once, with its event when the origin sent it (docs/live.md). */
function publish(c: Context<EdgeEnv>, board: string, res: Response): void {
  if (!c.env.BOARD_STREAM) return;
  c.executionCtx.waitUntil(publishWrite(c.env, board, c.get('requestId'), decodeLivePoke(res.headers.get(LIVE_EVENT_HEADER))));
}

/** A write endpoint: `write({ kinds, body, maxBytes })`. */
export function write<B>(spec: WriteSpec<B>): Handler<EdgeEnv> {
  return async (c) => {
    const principal = await authenticate(c.req.header('authorization'), c.env);
    if (!spec.kinds.includes(principal.kind)) throw new ApiError('forbidden', 'These credentials may not do this');
    const board = spec.board === null ? null : parseWith(boardIdSchema, c.req.param('board'), 'board id');
    let body: ArrayBuffer | null = null;
    if (spec.body) {
      // Read once: Hono keeps the bytes, so the body forwarded is the one validated (no clone, no second read).
      const parsed = await readJsonBody({ headers: c.req.raw.headers, arrayBuffer: () => c.req.arrayBuffer() }, spec.body, spec.maxBytes ?? MAX_BODY_BYTES);
      spec.check?.(parsed, principal);
      body = await c.req.arrayBuffer();
    }
    const url = new URL(c.req.url);
    if (spec.query) parseWith(spec.query, Object.fromEntries(url.searchParams), 'query');
    await limitWrite(c, principal);
    const res = await forwardToOrigin(c.env, { method: c.req.method, pathAndQuery: spec.query ? url.pathname + url.search : url.pathname, headers: c.req.raw.headers, body, principal, requestId: c.get('requestId'), log: c.get('log'), replaySafe: spec.replaySafe ?? true });
    if (res.status >= 300) return passThrough(res);
    if (!spec.changed) {
      if (board !== null) {
        markBoardWritten(board);
        publish(c, board, res);
      }
      return passThrough(res);
    }
    const text = await res.text();
    let answer: unknown = null;
    try {
      answer = JSON.parse(text);
    } catch {
      /* not JSON: count it as a change */
    }
    if (board !== null && (answer === null || spec.changed(answer))) {
      markBoardWritten(board);
      publish(c, board, res);
    }
    return passThrough(res, text);
  };
}
