/**
 * GET /internal/live/{board}?after=&period=: the edge's Durable Object pulls a board's live
 * events here (docs/live.md). Not a public route: only the edge's signed identity reaches the origin.
 */
import { Hono } from 'hono';
import * as z from 'zod';
import { boardIdSchema } from '../../core/index.ts';
import { validate } from '../http/validate.ts';
import { liveEvents } from '../leaderboard/live.ts';
import type { OriginEnv } from '../http/env.ts';
import { methodNotAllowed } from './method-not-allowed.ts';

const query = z.object({
  after: z.string().regex(/^\d{1,15}$/, 'must be a non-negative integer').transform(Number).optional(),
  period: z.string().regex(/^[0-9A-Za-z-]{1,16}$/, 'must be a period key').optional(),
});

export const live = new Hono<OriginEnv>()
  .get('/:board', validate('param', z.object({ board: boardIdSchema })), validate('query', query), async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await liveEvents(c.get('deps'), c.req.valid('param').board, c.req.valid('query')));
  })
  .all('/:board', methodNotAllowed);
