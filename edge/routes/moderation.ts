/**
 * Moderation (admin only, never cached): /api/boards/{board}/moderation[/{playerId}] and
 * /api/moderation/{playerId} for every board; and /api/boards/{board}/me, the signed-in
 * player's own entry (private, never cached: a shadowed player sees it, nobody else does).
 */
import { Hono } from 'hono';
import * as z from 'zod';
import { ApiError, boardIdSchema, moderationRequestSchema, parseWith, periodQuerySchema, playerIdSchema } from '../../core/index.ts';
import { authenticate } from '../auth.ts';
import { publicHeaders } from '../cache.ts';
import type { EdgeEnv } from '../env.ts';
import { forwardToOrigin } from '../origin-client.ts';
import { takeToken } from '../rate-limit.ts';
import { write } from '../http/write.ts';
import { methodNotAllowed } from './method-not-allowed.ts';

const changed = (answer: unknown) => (answer as { state?: string } | null)?.state !== 'unchanged';

export const boardModeration = new Hono<EdgeEnv>()
  .get('/:board/moderation', write({ kinds: ['admin'], changed: () => false }))
  .all('/:board/moderation', methodNotAllowed)
  .put('/:board/moderation/:playerId', async (c, next) => (parseWith(playerIdSchema, c.req.param('playerId'), 'player id'), next()), write({ kinds: ['admin'], body: moderationRequestSchema, changed }))
  .delete('/:board/moderation/:playerId', async (c, next) => (parseWith(playerIdSchema, c.req.param('playerId'), 'player id'), next()), write({ kinds: ['admin'], body: moderationRequestSchema, changed }))
  .all('/:board/moderation/:playerId', methodNotAllowed)
  .get('/:board/me', async (c) => {
    const principal = await authenticate(c.req.header('authorization'), c.env);
    if (principal.kind !== 'player') throw new ApiError('forbidden', 'Only a player token names a player to show');
    const { board } = parseWith(z.object({ board: boardIdSchema }), c.req.param(), 'path');
    const url = new URL(c.req.url);
    const period = url.searchParams.get('period');
    parseWith(periodQuerySchema, period === null ? {} : { period }, 'query');
    // Never cached, so every call reaches the origin: limited per player like an uncached read.
    await takeToken(c.env.MISS_LIMITER, `me:${principal.playerId}`, 'uncached reads');
    const res = await forwardToOrigin(c.env, {
      method: 'GET',
      pathAndQuery: `/api/boards/${board}/me${period ? `?period=${encodeURIComponent(period)}` : ''}`,
      headers: c.req.raw.headers,
      principal,
      requestId: c.get('requestId'),
      log: c.get('log'),
    });
    const headers = new Headers(publicHeaders(res.headers));
    headers.set('Cache-Control', 'private, no-store');
    return new Response(res.body, { status: res.status, headers });
  })
  .all('/:board/me', methodNotAllowed);

export const allBoardsModeration = new Hono<EdgeEnv>()
  .put('/:playerId', async (c, next) => (parseWith(playerIdSchema, c.req.param('playerId'), 'player id'), next()), write({ kinds: ['admin'], body: moderationRequestSchema, board: null, changed }))
  .delete('/:playerId', async (c, next) => (parseWith(playerIdSchema, c.req.param('playerId'), 'player id'), next()), write({ kinds: ['admin'], body: moderationRequestSchema, board: null, changed }))
  .all('/:playerId', methodNotAllowed);
