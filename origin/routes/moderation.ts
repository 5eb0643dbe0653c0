/** Moderation (admin) and the signed-in player's own entry: /api/boards/{board}/moderation, /api/moderation, /api/boards/{board}/me. */
import { Hono, type Context } from 'hono';
import * as z from 'zod';
import { boardIdSchema, moderationRequestSchema, periodQuerySchema, playerIdSchema, readJsonBody } from '../../core/index.ts';
import type { OriginEnv } from '../http/env.ts';
import { requirePrincipal } from '../http/middleware.ts';
import { validate } from '../http/validate.ts';
import { changeModeration, listModeration, selfEntry } from '../leaderboard/moderation.ts';
import { methodNotAllowed } from './method-not-allowed.ts';

const boardParam = validate('param', z.object({ board: boardIdSchema }));
const boardPlayerParam = validate('param', z.object({ board: boardIdSchema, playerId: playerIdSchema }));
const playerParam = validate('param', z.object({ playerId: playerIdSchema }));

/** Sets (PUT) or lifts (DELETE) an action; `board` null for every board. */
async function change(c: Context<OriginEnv>, board: string | null, playerId: string, set: boolean) {
  const body = await readJsonBody(c.req.raw, moderationRequestSchema);
  const { result, purge } = await changeModeration(c.get('deps'), board, playerId, body, c.get('principal')!, set);
  if (purge) c.header('X-Purge-Status', purge.status);
  c.header('Cache-Control', 'no-store');
  return c.json(result);
}

export const boardModeration = new Hono<OriginEnv>()
  .get('/:board/moderation', requirePrincipal('admin'), boardParam, async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await listModeration(c.get('deps'), c.req.valid('param').board));
  })
  .all('/:board/moderation', methodNotAllowed)
  .put('/:board/moderation/:playerId', requirePrincipal('admin'), boardPlayerParam, (c) => change(c, c.req.valid('param').board, c.req.valid('param').playerId, true))
  .delete('/:board/moderation/:playerId', requirePrincipal('admin'), boardPlayerParam, (c) => change(c, c.req.valid('param').board, c.req.valid('param').playerId, false))
  .all('/:board/moderation/:playerId', methodNotAllowed)
  .get('/:board/me', requirePrincipal('player'), boardParam, validate('query', periodQuerySchema), async (c) => {
    const principal = c.get('principal');
    if (principal?.kind !== 'player') throw new Error('unreachable');
    c.header('Cache-Control', 'private, no-store');
    return c.json(await selfEntry(c.get('deps'), c.req.valid('param').board, principal.playerId, c.req.valid('query')));
  })
  .all('/:board/me', methodNotAllowed);

export const allBoardsModeration = new Hono<OriginEnv>()
  .put('/:playerId', requirePrincipal('admin'), playerParam, (c) => change(c, null, c.req.valid('param').playerId, true))
  .delete('/:playerId', requirePrincipal('admin'), playerParam, (c) => change(c, null, c.req.valid('param').playerId, false))
  .all('/:playerId', methodNotAllowed);
