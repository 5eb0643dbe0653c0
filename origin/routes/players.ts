/** /api/players/{playerId}/profile: display names (docs/moderation.md "Display names"). */
import { Hono } from 'hono';
import * as z from 'zod';
import { playerIdSchema, profileRequestSchema, readJsonBody } from '../../core/index.ts';
import type { OriginEnv } from '../http/env.ts';
import { requirePrincipal } from '../http/middleware.ts';
import { validate } from '../http/validate.ts';
import { setDisplayName } from '../leaderboard/names.ts';
import { methodNotAllowed } from './method-not-allowed.ts';

export const players = new Hono<OriginEnv>()
  .put('/:playerId/profile', requirePrincipal('admin', 'server', 'player'), validate('param', z.object({ playerId: playerIdSchema })), async (c) => {
    const body = await readJsonBody(c.req.raw, profileRequestSchema);
    c.header('Cache-Control', 'no-store');
    return c.json(await setDisplayName(c.get('deps'), c.req.valid('param').playerId, body.displayName, c.get('principal')!));
  })
  .all('/:playerId/profile', methodNotAllowed);
