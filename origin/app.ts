/** The origin's Hono app: every route of docs/api.md behind the edge identity check. */
import { Hono } from 'hono';
import { config } from './config.ts';
import { supabase } from './clients/supabase.ts';
import { valkey } from './clients/valkey.ts';
import type { Projection } from './projection/period.ts';
import { createProjection } from './projection/projection.ts';
import { createRecord } from './record/record.ts';
import type { Deps } from './leaderboard/deps.ts';
import type { Log } from './logger.ts';
import type { Tally } from './metrics.ts';
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

let projection: Promise<Projection> | undefined;

/** Dependencies for one request; the clients behind them live for the whole environment. */
export function makeDeps(log: Log, metrics?: Tally): Deps {
  const cfg = config();
  return {
    config: cfg,
    record: createRecord(supabase(cfg.supabaseUrl, cfg.supabaseServiceRoleKey, cfg.supabaseTimeoutMs), metrics),
    projection: () => {
      if (!projection) {
        projection = valkey(cfg.valkey).then(createProjection);
        projection.catch(() => (projection = undefined));
      }
      return projection;
    },
    now: () => new Date(),
    log,
    ...(metrics ? { metrics } : {}),
  };
}

export const app = new Hono<OriginEnv>()
  .use(requestContext(makeDeps))
  .use(edgeOnly(() => config().edgePrincipalArn))
  .route('/api/health', health)
  .route('/api/boards', boards)
  .route('/api/boards', entries)
  .route('/api/boards', scores)
  .route('/api/boards', boardModeration)
  .route('/api/moderation', allBoardsModeration)
  .route('/api/players', players)
  .route('/api/boards', tournamentBoards)
  .route('/api/tournaments', tournaments)
  .route('/leaderboard', compat)
  .route('/internal/live', live)
  .notFound(notFound)
  .onError(onError);
