/** /api/boards, /api/boards/{board}, its /periods and their /results: the board list, one board, its archives and closed periods' results (reads cached; PUT and DELETE as the admin). */
import { Hono } from 'hono';
import * as z from 'zod';
import { boardConfigSchema, boardIdSchema, parsePeriodsCursor, periodKeyParamSchema, periodsQuerySchema } from '../../core/index.ts';
import { BOARD_LIST } from '../cache.ts';
import type { EdgeEnv } from '../env.ts';
import { publicRead } from '../http/read.ts';
import { write } from '../http/write.ts';
import { methodNotAllowed } from './method-not-allowed.ts';

const boardParams = z.object({ board: boardIdSchema });

export const boards = new Hono<EdgeEnv>()
  .get('/', publicRead({ board: () => BOARD_LIST }))
  .all('/', methodNotAllowed)
  .get('/:board', publicRead({ params: boardParams, board: (p) => p.board as string }))
  .put('/:board', write({ kinds: ['admin'], body: boardConfigSchema }))
  .delete('/:board', write({ kinds: ['admin'], replaySafe: false }))
  .all('/:board', methodNotAllowed)
  .get(
    '/:board/periods',
    publicRead({
      params: boardParams,
      query: { names: ['cursor', 'limit'], schema: periodsQuerySchema, isCursor: (c) => parsePeriodsCursor(c) !== null },
      board: (p) => p.board as string,
    }),
  )
  .all('/:board/periods', methodNotAllowed)
  .get('/:board/periods/:period/results', publicRead({ params: z.object({ board: boardIdSchema, period: periodKeyParamSchema }), board: (p) => p.board as string }))
  .all('/:board/periods/:period/results', methodNotAllowed);
