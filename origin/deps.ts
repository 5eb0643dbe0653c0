/**
 * The one place the origin is wired: from its configuration to the clients (Valkey, Supabase) and
 * the two stores over them (projection, record) that the leaderboard services take as `Deps`.
 * The Lambda handler builds one per request or task; the tests and the benchmark build theirs here too.
 */
import { supabase } from './clients/supabase.ts';
import { valkey, type ValkeyClient } from './clients/valkey.ts';
import type { OriginConfig } from './config.ts';
import type { Deps } from './leaderboard/deps.ts';
import type { LeaderboardRecord } from './record/leaderboard-record.ts';
import type { Log } from './logger.ts';
import type { Tally } from './metrics.ts';
import type { Projection } from './projection/period.ts';
import { createProjection } from './projection/projection.ts';
import { createRecord } from './record/record.ts';

export interface DepsOptions {
  log: Log;
  now: () => Date;
  /** What this request or task counts and times (origin/metrics.ts). */
  metrics?: Tally | undefined;
  /** Stamps writes with this clock instead of the database's (tests with a fixed clock). */
  writeClock?: (() => Date) | undefined;
}

/** One projection per Valkey client: the client, and so its projection, lives for the whole environment. */
const projections = new WeakMap<Promise<ValkeyClient>, Promise<Projection>>();

/** The projection over the shared client; rejects when Valkey cannot be reached (the next call connects again). */
function sharedProjection(config: OriginConfig): Promise<Projection> {
  const client = valkey(config.valkey);
  let projection = projections.get(client);
  if (!projection) {
    projection = client.then(createProjection);
    projections.set(client, projection);
  }
  return projection;
}

/** The leaderboard services' dependencies; the clients behind them are created once per environment and reused. */
export function createDeps(config: OriginConfig, o: DepsOptions): Deps {
  let record: LeaderboardRecord | undefined;
  return {
    config,
    // Made on first use: most reads are answered from the projection and never reach the record.
    get record() {
      return (record ??= createRecord(supabase(config.supabaseUrl, config.supabaseServiceRoleKey, config.supabaseTimeoutMs), o.metrics));
    },
    projection: () => sharedProjection(config),
    now: o.now,
    log: o.log,
    ...(o.writeClock ? { writeClock: o.writeClock } : {}),
    ...(o.metrics ? { metrics: o.metrics } : {}),
  };
}
