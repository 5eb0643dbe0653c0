/** /api/boards and /api/boards/{board}: the board list and one board (read cached; PUT and DELETE as the admin). */
import { Hono } from 'hono';
import * as z from 'zod';
import { boardConfigSchema, boardIdSchema } from '../../core/index.ts';
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
  .all('/:board', methodNotAllowed);
