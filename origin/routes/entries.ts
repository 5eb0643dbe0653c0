/** /api/boards/{board}/entries, /players, a player's /history, /histogram and /tiers/{tier}/entries reads. */
import { Hono } from 'hono';
import * as z from 'zod';
import { aroundQuerySchema, boardIdSchema, entriesQuerySchema, histogramQuerySchema, historyQuerySchema, idsQuerySchema, MIN_SEQ_HEADER, periodQuerySchema, playerIdSchema, tierParamsSchema } from '../../core/index.ts';
import { scoreHistogram } from '../leaderboard/histogram.ts';
import { playerHistory } from '../leaderboard/history.ts';
import { tierEntriesPage } from '../leaderboard/tiers.ts';
import { validate } from '../http/validate.ts';
import { aroundPlayer, playerEntry, someEntries, topEntriesPage } from '../leaderboard/queries.ts';
import { deletePlayer } from '../leaderboard/commands.ts';
import { minSeqOf } from '../leaderboard/version.ts';
import type { OriginEnv } from '../http/env.ts';
import { boardCacheControl, requirePrincipal } from '../http/middleware.ts';
import { methodNotAllowed } from './method-not-allowed.ts';

const boardParam = validate('param', z.object({ board: boardIdSchema }));
const cached = boardCacheControl((c) => c.req.param('board') ?? '');
const playerParam = validate('param', z.object({ board: boardIdSchema, playerId: playerIdSchema }));

export const entries = new Hono<OriginEnv>()
  .get('/:board/entries', boardParam, cached, validate('query', entriesQuerySchema), async (c) => {
    const { page, caching } = await topEntriesPage(c.get('deps'), c.req.valid('param').board, c.req.valid('query'), { minVersion: minSeqOf(c.req.header(MIN_SEQ_HEADER)) });
    // Pages of a pinned snapshot never change while it lives (docs/paging.md); `cached` keeps this header.
    if (caching) c.header('Cache-Control', `public, max-age=${caching.maxAgeSeconds}, stale-while-revalidate=${Math.min(caching.maxAgeSeconds, caching.staleSeconds)}, stale-if-error=${caching.staleIfErrorSeconds}${caching.immutable ? ', immutable' : ''}`);
    return c.json(page);
  })
  .all('/:board/entries', methodNotAllowed)
  .get('/:board/players', boardParam, cached, validate('query', idsQuerySchema), async (c) =>
    c.json(await someEntries(c.get('deps'), c.req.valid('param').board, c.req.valid('query'))),
  )
  .all('/:board/players', methodNotAllowed)
  .get('/:board/players/:playerId', playerParam, cached, validate('query', periodQuerySchema), async (c) => {
    const { board, playerId } = c.req.valid('param');
    return c.json(await playerEntry(c.get('deps'), board, playerId, c.req.valid('query')));
  })
  .delete('/:board/players/:playerId', requirePrincipal('admin'), playerParam, async (c) => {
    const { board, playerId } = c.req.valid('param');
    const { purge } = await deletePlayer(c.get('deps'), board, playerId);
    c.header('X-Purge-Status', purge.status);
    return c.body(null, 204);
  })
  .all('/:board/players/:playerId', methodNotAllowed)
  .get('/:board/players/:playerId/around', playerParam, cached, validate('query', aroundQuerySchema), async (c) => {
    const { board, playerId } = c.req.valid('param');
    return c.json(await aroundPlayer(c.get('deps'), board, playerId, c.req.valid('query')));
  })
  .all('/:board/players/:playerId/around', methodNotAllowed)
  .get('/:board/players/:playerId/history', playerParam, cached, validate('query', historyQuerySchema), async (c) => {
    const { board, playerId } = c.req.valid('param');
    return c.json(await playerHistory(c.get('deps'), board, playerId, c.req.valid('query')));
  })
  .all('/:board/players/:playerId/history', methodNotAllowed)
  .get('/:board/histogram', boardParam, cached, validate('query', histogramQuerySchema), async (c) =>
    c.json(await scoreHistogram(c.get('deps'), c.req.valid('param').board, c.req.valid('query'))),
  )
  .all('/:board/histogram', methodNotAllowed)
  .get('/:board/tiers/:tier/entries', validate('param', tierParamsSchema), cached, validate('query', entriesQuerySchema), async (c) => {
    const { board, tier } = c.req.valid('param');
    return c.json(await tierEntriesPage(c.get('deps'), board, tier, c.req.valid('query')));
  })
  .all('/:board/tiers/:tier/entries', methodNotAllowed);
