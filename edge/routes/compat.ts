/** GET /leaderboard?count=N: the compatibility path over the default board, cached. */
import { Hono } from 'hono';
import { compatQuerySchema } from '../../core/index.ts';
import type { EdgeEnv } from '../env.ts';
import { publicRead } from '../http/read.ts';
import { methodNotAllowed } from './method-not-allowed.ts';

export const compat = new Hono<EdgeEnv>()
  .get('/', publicRead({ query: { names: ['count'], schema: compatQuerySchema }, board: (_p, dflt) => dflt }))
  .all('/', methodNotAllowed);
