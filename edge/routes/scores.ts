/** POST /api/boards/{board}/scores and /scores/batch: authenticated, validated, signed writes. */
import { Hono } from 'hono';
import { ApiError, batchSchema, MAX_BATCH_BODY_BYTES, submitScoreSchema } from '../../core/index.ts';
import type { EdgeEnv } from '../env.ts';
import { write } from '../http/write.ts';
import { methodNotAllowed } from './method-not-allowed.ts';

const submitChanged = (answer: unknown) => (answer as { updated?: unknown }).updated !== false;
const batchChanged = (answer: unknown) => {
  const results = (answer as { results?: { updated?: unknown }[] }).results;
  return !Array.isArray(results) || results.some((r) => r.updated !== false);
};

export const scores = new Hono<EdgeEnv>()
  .post(
    '/:board/scores',
    write({
      kinds: ['admin', 'server', 'player'],
      body: submitScoreSchema,
      check: (input, principal) => {
        if (principal.kind === 'player' && input.playerId !== principal.playerId) throw new ApiError('forbidden', 'A player may only submit their own score');
      },
      changed: submitChanged,
    }),
  )
  .all('/:board/scores', methodNotAllowed)
  .post('/:board/scores/batch', write({ kinds: ['admin', 'server'], body: batchSchema, maxBytes: MAX_BATCH_BODY_BYTES, changed: batchChanged }))
  .all('/:board/scores/batch', methodNotAllowed);
