/**
 * GET /api/boards/{board}/stream: live rank updates as Server-Sent Events (docs/live.md), served
 * by the board's Durable Object. Public like the reads: no token needed.
 */
import { Hono } from 'hono';
import { ApiError, boardIdSchema, parseWith, streamQuerySchema } from '../../core/index.ts';
import type { EdgeEnv } from '../env.ts';
import { boardStream, boardWatched } from '../live/publish.ts';
import { methodNotAllowed } from './method-not-allowed.ts';

const LOOPBACK_IPS = new Set(['127.0.0.1', '::1']);

export const stream = new Hono<EdgeEnv>()
  .get('/:board/stream', async (c) => {
    const board = parseWith(boardIdSchema, c.req.param('board'), 'board id');
    const url = new URL(c.req.url);
    const views = url.searchParams.getAll('view');
    if (views.length > 1) throw new ApiError('invalid_request', 'Invalid query', { view: 'must be given once' });
    const { view } = parseWith(streamQuerySchema, { view: views[0] }, 'query');
    // EventSource sends Last-Event-ID when it reconnects; `lastEventId` is for clients that cannot set it.
    const last = c.req.header('last-event-id') ?? url.searchParams.get('lastEventId') ?? undefined;
    if (last !== undefined && last !== '' && !/^\d{1,15}$/.test(last)) throw new ApiError('invalid_request', 'Invalid Last-Event-ID', { 'Last-Event-ID': 'must be an event id this stream sent' });
    const stub = boardStream(c.env, board);
    if (!stub) throw new ApiError('unavailable', 'Live updates are not available here');
    // Cloudflare sets CF-Connecting-IP to the client's address; a loopback one is the local runtime's own.
    const ip = c.req.header('cf-connecting-ip');
    const search = new URLSearchParams({ board, view: JSON.stringify(view) });
    if (ip && !LOOPBACK_IPS.has(ip)) search.set('ip', ip);
    if (last) search.set('last', last);
    boardWatched(board);
    const res = await stub.fetch(`https://live.internal/connect?${search}`, { headers: { 'x-request-id': c.get('requestId') }, signal: c.req.raw.signal });
    // A copy: the object's headers are immutable, and the app's middleware adds its own.
    return new Response(res.body, res);
  })
  .all('/:board/stream', methodNotAllowed);
