/** /api/players/{playerId}/profile: a player sets their own display name, a game server or the admin anyone's. */
import { Hono } from 'hono';
import { ApiError, parseWith, playerIdSchema, profileRequestSchema } from '../../core/index.ts';
import type { EdgeEnv } from '../env.ts';
import { write } from '../http/write.ts';
import { methodNotAllowed } from './method-not-allowed.ts';

export const players = new Hono<EdgeEnv>()
  .put(
    '/:playerId/profile',
    async (c, next) => {
      parseWith(playerIdSchema, c.req.param('playerId'), 'player id');
      await next();
    },
    async (c, next) => {
      const playerId = c.req.param('playerId');
      return write({
        kinds: ['admin', 'server', 'player'],
        body: profileRequestSchema,
        board: null,
        check: (_body, principal) => {
          if (principal.kind === 'player' && principal.playerId !== playerId) throw new ApiError('forbidden', 'A player may only set their own display name');
        },
      })(c, next);
    },
  )
  .all('/:playerId/profile', methodNotAllowed);
