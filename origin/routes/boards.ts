/** /api/boards: list, get, upsert, delete. */
import { Hono } from 'hono';
import { boardConfigSchema, boardIdSchema, periodKeyParamSchema, periodsQuerySchema, readJsonBody } from '../../core/index.ts';
import { validate } from '../http/validate.ts';
import * as z from 'zod';
import { deleteBoard, upsertBoard } from '../leaderboard/commands.ts';
import { getBoard, listBoards, listPeriods } from '../leaderboard/queries.ts';
import type { OriginEnv } from '../http/env.ts';
import { boardCacheControl, CLOSED_PERIOD_MAX_AGE, requirePrincipal } from '../http/middleware.ts';
import { periodResults } from '../results/results.ts';
import { methodNotAllowed } from './method-not-allowed.ts';

const boardParam = validate('param', z.object({ board: boardIdSchema }));

export const boards = new Hono<OriginEnv>()
  .get('/', async (c) => c.json({ boards: await listBoards(c.get('deps')) }))
  .all('/', methodNotAllowed)
  .get('/:board', boardParam, boardCacheControl((c) => c.req.param('board') ?? ''), async (c) => c.json(await getBoard(c.get('deps'), c.req.valid('param').board)))
  .put('/:board', requirePrincipal('admin'), boardParam, async (c) => {
    const body = await readJsonBody(c.req.raw, boardConfigSchema);
    const out = await upsertBoard(c.get('deps'), c.req.valid('param').board, body);
    if (out.purge) c.header('X-Purge-Status', out.purge.status);
    return c.json({ ...out.board, ...out.results }, out.created ? 201 : 200);
  })
  .delete('/:board', requirePrincipal('admin'), boardParam, async (c) => {
    const { purge } = await deleteBoard(c.get('deps'), c.req.valid('param').board);
    c.header('X-Purge-Status', purge.status);
    return c.body(null, 204);
  })
  .all('/:board', methodNotAllowed)
  .get('/:board/periods', boardParam, boardCacheControl((c) => c.req.param('board') ?? ''), validate('query', periodsQuerySchema), async (c) =>
    c.json(await listPeriods(c.get('deps'), c.req.valid('param').board, c.req.valid('query'))),
  )
  .all('/:board/periods', methodNotAllowed)
  .get('/:board/periods/:period/results', validate('param', z.object({ board: boardIdSchema, period: periodKeyParamSchema })), async (c) => {
    const { board, period } = c.req.valid('param');
    const out = await periodResults(c.get('deps'), board, period);
    // Stored results never change (an erasure, which recomputes them, purges the board's cached views).
    c.header('Cache-Control', `public, max-age=${CLOSED_PERIOD_MAX_AGE}, immutable`);
    return c.json(out);
  })
  .all('/:board/periods/:period/results', methodNotAllowed);
