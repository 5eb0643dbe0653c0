/** GET /leaderboard?count=N: the compatibility path over the default board. */
import { Hono } from 'hono';
import { compatQuerySchema } from '../../core/index.ts';
import { validate } from '../http/validate.ts';
import { topEntries } from '../leaderboard/queries.ts';
import type { OriginEnv } from '../http/env.ts';
import { boardCacheControl } from '../http/middleware.ts';

export const compat = new Hono<OriginEnv>().get('/', boardCacheControl((c) => c.get('deps').config.defaultBoard), validate('query', compatQuerySchema), async (c) => {
  const deps = c.get('deps');
  const page = await topEntries(deps, deps.config.defaultBoard, { limit: c.req.valid('query').count }, { pin: false });
  return c.json({ board: page.board, period: page.period, entries: page.entries });
});
