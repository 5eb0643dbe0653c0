/** Tournaments and cohorts (docs/tournaments.md): joins (writes), cohort standings and the tournament list (cached reads). */
import { Hono } from 'hono';
import * as z from 'zod';
import { ApiError, boardIdSchema, entriesQuerySchema, joinSchema, parseTournamentsCursor, periodQuerySchema, tournamentsQuerySchema } from '../../core/index.ts';
import { BOARD_LIST } from '../cache.ts';
import type { EdgeEnv } from '../env.ts';
import { publicRead } from '../http/read.ts';
import { write } from '../http/write.ts';
import { methodNotAllowed } from './method-not-allowed.ts';

const cohortParams = z.object({ board: boardIdSchema, cohortId: z.string().regex(/^[1-9]\d{0,8}$/, 'must be a cohort id (a positive integer)') });

export const tournamentBoards = new Hono<EdgeEnv>()
  .post(
    '/:board/join',
    write({
      kinds: ['admin', 'server', 'player'],
      body: joinSchema,
      check: (input, principal) => {
        if (principal.kind !== 'player') return;
        if (input.playerId !== principal.playerId) throw new ApiError('forbidden', 'A player may only join as themselves');
        if (input.band !== undefined) throw new ApiError('forbidden', 'Only a game server may place a player in a band');
      },
    }),
  )
  .all('/:board/join', methodNotAllowed)
  .get('/:board/cohorts/:cohortId/entries', publicRead({ params: cohortParams, query: { names: ['cursor', 'limit', 'period'], schema: entriesQuerySchema }, board: (p) => p.board as string }))
  .all('/:board/cohorts/:cohortId/entries', methodNotAllowed)
  .get('/:board/league', publicRead({ params: z.object({ board: boardIdSchema }), query: { names: ['period'], schema: periodQuerySchema }, board: (p) => p.board as string }))
  .all('/:board/league', methodNotAllowed);

/** The list changes with board settings and joins: it is cached like the board list (the default cache time, purged with it). */
export const tournaments = new Hono<EdgeEnv>()
  .get('/', publicRead({ query: { names: ['cursor', 'limit', 'state'], schema: tournamentsQuerySchema, isCursor: (c) => parseTournamentsCursor(c) !== null }, board: () => BOARD_LIST }))
  .all('/', methodNotAllowed);
