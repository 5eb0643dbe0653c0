/** /api/boards/{board}/entries, /players, a player's /history, /histogram and /tiers/{tier}/entries: cached public reads, and the admin's player erasure. */
import { Hono } from 'hono';
import * as z from 'zod';
import { aroundQuerySchema, boardIdSchema, entriesQuerySchema, histogramQuerySchema, historyQuerySchema, idsQuerySchema, parseHistoryCursor, periodQuerySchema, playerIdSchema, tierParamsSchema } from '../../core/index.ts';
import type { EdgeEnv } from '../env.ts';
import { publicRead } from '../http/read.ts';
import { write } from '../http/write.ts';
import { methodNotAllowed } from './method-not-allowed.ts';

const boardParams = z.object({ board: boardIdSchema });
const playerParams = z.object({ board: boardIdSchema, playerId: playerIdSchema });
const ofBoard = (p: Record<string, string>) => p.board as string;

export const entries = new Hono<EdgeEnv>()
  .get('/:board/entries', publicRead({ params: boardParams, query: { names: ['cursor', 'limit', 'period'], schema: entriesQuerySchema }, board: ofBoard }))
  .all('/:board/entries', methodNotAllowed)
  .get('/:board/players', publicRead({ params: boardParams, query: { names: ['ids', 'period'], schema: idsQuerySchema }, board: ofBoard }))
  .all('/:board/players', methodNotAllowed)
  .get('/:board/players/:playerId', publicRead({ params: playerParams, query: { names: ['period'], schema: periodQuerySchema }, board: ofBoard }))
  .delete('/:board/players/:playerId', write({ kinds: ['admin'] }))
  .all('/:board/players/:playerId', methodNotAllowed)
  .get('/:board/players/:playerId/around', publicRead({ params: playerParams, query: { names: ['period', 'radius'], schema: aroundQuerySchema }, board: ofBoard }))
  .all('/:board/players/:playerId/around', methodNotAllowed)
  .get(
    '/:board/players/:playerId/history',
    publicRead({ params: playerParams, query: { names: ['cursor', 'limit', 'period'], schema: historyQuerySchema, isCursor: (c) => parseHistoryCursor(c) !== null }, board: ofBoard }),
  )
  .all('/:board/players/:playerId/history', methodNotAllowed)
  .get('/:board/histogram', publicRead({ params: boardParams, query: { names: ['buckets', 'period'], schema: histogramQuerySchema }, board: ofBoard }))
  .all('/:board/histogram', methodNotAllowed)
  .get('/:board/tiers/:tier/entries', publicRead({ params: tierParamsSchema, query: { names: ['cursor', 'limit', 'period'], schema: entriesQuerySchema }, board: ofBoard }))
  .all('/:board/tiers/:tier/entries', methodNotAllowed);
