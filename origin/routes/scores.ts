/** POST /api/boards/{board}/scores and /scores/batch. */
import { Hono } from 'hono';
import * as z from 'zod';
import { ApiError, batchSchema, boardIdSchema, encodeLivePoke, LIVE_EVENT_HEADER, MAX_BATCH_BODY_BYTES, readJsonBody, submitScoreSchema } from '../../core/index.ts';
import { validate } from '../http/validate.ts';
import { submitBatch, submitScore } from '../leaderboard/commands.ts';
import type { OriginEnv } from '../http/env.ts';
import { requirePrincipal } from '../http/middleware.ts';
import { methodNotAllowed } from './method-not-allowed.ts';

const boardParam = validate('param', z.object({ board: boardIdSchema }));

function idempotencyKey(value: string | undefined): string | null {
  if (value === undefined) return null;
  if (value.length < 1 || value.length > 128) throw new ApiError('invalid_request', 'Invalid Idempotency-Key', { 'Idempotency-Key': 'must be 1 to 128 characters' });
  return value;
}

export const scores = new Hono<OriginEnv>()
  .post('/:board/scores', requirePrincipal('admin', 'server', 'player'), boardParam, async (c) => {
    const key = idempotencyKey(c.req.header('idempotency-key'));
    const body = await readJsonBody(c.req.raw, submitScoreSchema);
    const out = await submitScore(c.get('deps'), c.req.valid('param').board, body, c.get('principal')!, key);
    if (out.replayed) c.header('Idempotent-Replayed', 'true');
    // For the edge only (it drops the header): the write's live event, which its poke carries.
    if (out.live) c.header(LIVE_EVENT_HEADER, encodeLivePoke(out.live));
    return c.json({ entry: out.entry, updated: out.updated, previous: out.previous, ...(out.member ? { member: out.member } : {}) });
  })
  .all('/:board/scores', methodNotAllowed)
  .post('/:board/scores/batch', requirePrincipal('admin', 'server'), boardParam, async (c) => {
    const key = idempotencyKey(c.req.header('idempotency-key'));
    const body = await readJsonBody(c.req.raw, batchSchema, MAX_BATCH_BODY_BYTES);
    const { results, replayed } = await submitBatch(c.get('deps'), c.req.valid('param').board, body.entries, c.get('principal')!, key);
    if (replayed) c.header('Idempotent-Replayed', 'true');
    return c.json({ results });
  })
  .all('/:board/scores/batch', methodNotAllowed);
