/** The origin's Hono app: every route of docs/api.md behind the edge identity check. */
import { Hono } from 'hono';
import { config } from './config.ts';
import { createDeps } from './deps.ts';
import type { OriginEnv } from './http/env.ts';
import { edgeOnly, requestContext } from './http/middleware.ts';
import { notFound, onError } from './http/errors.ts';
import { boards } from './routes/boards.ts';
import { entries } from './routes/entries.ts';
import { scores } from './routes/scores.ts';
import { health } from './routes/health.ts';
import { compat } from './routes/compat.ts';
import { allBoardsModeration, boardModeration } from './routes/moderation.ts';
import { players } from './routes/players.ts';
import { tournamentBoards, tournaments } from './routes/tournaments.ts';
import { live } from './routes/live.ts';
import { operations } from './routes/operations.ts';

export const app = new Hono<OriginEnv>()
  .use(requestContext((log, metrics) => createDeps(config(), { log, metrics, now: () => new Date() })))
  .use(edgeOnly(() => config().edgePrincipalArn))
  .route('/api/health', health)
  .route('/api/boards', boards)
  .route('/api/boards', entries)
  .route('/api/boards', scores)
  .route('/api/boards', boardModeration)
  .route('/api/boards', operations)
  .route('/api/moderation', allBoardsModeration)
  .route('/api/players', players)
  .route('/api/boards', tournamentBoards)
  .route('/api/tournaments', tournaments)
  .route('/leaderboard', compat)
  .route('/internal/live', live)
  .notFound(notFound)
  .onError(onError);
