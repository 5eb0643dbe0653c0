/** Tournaments and cohorts (docs/tournaments.md): joins, cohort standings, the tournament list. */
import { Hono } from 'hono';
import * as z from 'zod';
import { boardIdSchema, cohortParamsSchema, entriesQuerySchema, joinSchema, periodQuerySchema, readJsonBody, tournamentsQuerySchema } from '../../core/index.ts';
import { validate } from '../http/validate.ts';
import { cohortEntriesPage, joinBoard, leagueMoves, listTournaments } from '../leaderboard/tournaments.ts';
import type { OriginEnv } from '../http/env.ts';
import { boardCacheControl, requirePrincipal } from '../http/middleware.ts';
import { methodNotAllowed } from './method-not-allowed.ts';

const boardParam = validate('param', z.object({ board: boardIdSchema }));

/** Under /api/boards: POST /{board}/join, GET /{board}/cohorts/{cohortId}/entries and GET /{board}/league. */
export const tournamentBoards = new Hono<OriginEnv>()
  .post('/:board/join', requirePrincipal('admin', 'server', 'player'), boardParam, async (c) => {
    const body = await readJsonBody(c.req.raw, joinSchema);
    return c.json(await joinBoard(c.get('deps'), c.req.valid('param').board, body, c.get('principal')!));
  })
  .all('/:board/join', methodNotAllowed)
  .get('/:board/cohorts/:cohortId/entries', validate('param', cohortParamsSchema), boardCacheControl((c) => c.req.param('board') ?? ''), validate('query', entriesQuerySchema), async (c) => {
    const { board, cohortId } = c.req.valid('param');
    return c.json(await cohortEntriesPage(c.get('deps'), board, cohortId, c.req.valid('query')));
  })
  .all('/:board/cohorts/:cohortId/entries', methodNotAllowed)
  .get('/:board/league', boardParam, boardCacheControl((c) => c.req.param('board') ?? ''), validate('query', periodQuerySchema), async (c) =>
    c.json(await leagueMoves(c.get('deps'), c.req.valid('param').board, c.req.valid('query'))),
  )
  .all('/:board/league', methodNotAllowed);

/** GET /api/tournaments?state=upcoming|active|ended&limit=&cursor= */
export const tournaments = new Hono<OriginEnv>()
  .get('/', validate('query', tournamentsQuerySchema), async (c) => c.json(await listTournaments(c.get('deps'), c.req.valid('query'))))
  .all('/', methodNotAllowed);
