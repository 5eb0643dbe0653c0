/** What the leaderboard services need: the two stores, a clock and a logger. */
import type { OriginConfig } from '../config.ts';
import type { Log } from '../logger.ts';
import type { Tally } from '../metrics.ts';
import type { Projection } from '../projection/period.ts';
import type { LeaderboardRecord } from '../record/leaderboard-record.ts';
import type { RecordBoard } from '../record/types.ts';
import type { BoardVersion } from './version.ts';

export interface Deps {
  config: OriginConfig;
  record: LeaderboardRecord;
  /** Resolves the projection; rejects when Valkey cannot be reached. */
  projection: () => Promise<Projection>;
  now: () => Date;
  /** When set, writes are stamped with this clock instead of the database's (tests with a fixed clock). */
  writeClock?: () => Date;
  log: Log;
  /** What this request or task counts and times (origin/metrics.ts); absent in tests that wire deps by hand. */
  metrics?: Tally;
  /** The board version of the answer being built (requests only; see version.ts). */
  boardVersion?: BoardVersion;
  /** The boards this request loaded (requests only; boards.ts loadBoard), so its answer's headers need no second look-up. */
  loadedBoards?: Map<string, RecordBoard>;
}
