/**
 * What the domain (origin/leaderboard/) needs from the projection, declared apart from the
 * Valkey adapter that implements it (projection.ts), so the domain services can be tested with
 * an in-memory one (origin/leaderboard/test/).
 *
 * `Projection.period(board, period)` binds one board period — or a cohort's scope of it
 * (keys.ts cohortScope) — to the board's key space, sort and rank mode: callers name the period
 * once, and every method of the returned `PeriodProjection` reads or writes only it.
 */
import type { RankMode, ScoreRange, Sort, TierBounds } from '../../core/index.ts';
import type { RankedRecordEntry, RecordEntry } from '../record/types.ts';
import type { SnapshotPage, WholeBoardPage } from './snapshot.ts';

export interface RankedList {
  total: number;
  entries: RankedRecordEntry[];
}

/** One event of a period's live stream, as LIVE (scripts.ts) stored it. */
/** What a mirror did: per entry {newRank, oldRank} (0 when unknown), the period's version after it and before it. */
export interface Applied {
  /** Per entry: ranks after and before (0 when unknown) and the period's entry count once it was applied. */
  ranks: { newRank: number; oldRank: number; total: number }[];
  version: number;
  before: number;
}

export interface LiveRecord {
  version: number;
  prev: number;
  playerId: string;
  member: string;
  seq: number;
  rank: number | null;
  previousRank: number | null;
  /** The period's entry count once this change was applied; null when the projection could not say. */
  total: number | null;
  displayName: string | null;
}

/** What a period is bound to: the board's key space (id and incarnation), its order and its tie mode. */
export interface ProjectionBoard {
  id: string;
  incarnation: number;
  sort: Sort;
  rankMode?: RankMode | null | undefined;
}

/** The snapshot options of a first page (docs/paging.md, snapshot.ts). */
export interface SnapshotOptions {
  topK: number;
  ttlMs: number;
  shareMs: number;
  minVersion: number;
}

/** One board period (or cohort scope) of the projection. Reads answer null when it is not ready (missing or stale). */
export interface PeriodProjection {
  /** The period (or cohort scope) this is bound to. */
  readonly period: string;

  /**
   * The period's version (0 when it has none yet). Every write acknowledged with a version up
   * to this one was applied before this call returned, so a read sent after it reflects them.
   */
  version(): Promise<number>;
  /**
   * The lowest version the reads made through this object so far saw with their data, each read
   * in the same script as its data (null before any read answered): the version an answer built
   * from those reads certifies (origin/leaderboard/version.ts), with no round trip of its own.
   */
  readVersion(): number | null;
  /**
   * Mirrors committed entries; returns {newRank, oldRank, total} per entry (0 when unknown; total
   * is the period's entry count once that entry is applied) and the period's version after them: any answer read afterwards carries at least this version.
   * A rebuild passes `wantRanks` false.
   */
  apply(entries: RecordEntry[], wantRanks?: boolean): Promise<Applied>;

  /** One page in rank order after the cursor's rank key. */
  top(cursorKey: string | null, limit: number): Promise<RankedList | null>;
  /** The player and `radius` neighbours each side; entries null when the player has none. */
  around(player: string, radius: number): Promise<{ total: number; entries: RankedRecordEntry[] | null } | null>;
  /** The listed players that have entries, in rank order. */
  players(players: string[]): Promise<RankedList | null>;
  /** Display ranks of the given scores in the board's tie mode, in order; null when not ready, and always on an ordinal board. */
  tieRanks(scores: number[]): Promise<number[] | null>;
  /** Number of entries. */
  count(): Promise<number | null>;

  /** Entry count and the lowest and highest score (both 0 when empty); the histogram's first step. */
  scoreSpan(): Promise<{ total: number; min: number; max: number } | null>;
  /** Entries per score range (inclusive), in order; the histogram's second step. */
  rangeCounts(ranges: ScoreRange[]): Promise<number[] | null>;
  /** The distinct-score structures (verify): whether they cover the period, how many scores, entries per score prefix. */
  scoreCounts(): Promise<{ ties: boolean; distinct: number; counts: Map<string, number> } | null>;

  /** Pinned snapshots of the top list (docs/paging.md). */
  snapshots: {
    /** The first page of a walk: from a shared or a new snapshot, or the whole board when one page holds it. */
    firstPage(limit: number, o: SnapshotOptions): Promise<SnapshotPage | WholeBoardPage | null>;
    /** `limit` entries of snapshot `id` after `offset`, numbered in the board's tie mode; null when it expired or never existed. */
    nextPage(id: string, offset: number, limit: number): Promise<SnapshotPage | null>;
  };

  /** Moderation's hidden players (docs/moderation.md). */
  moderation: {
    hide(player: string): Promise<void>;
    show(player: string): Promise<void>;
    /** During a rebuild, the hidden players from the record; false when the generation moved. */
    setHidden(generation: string, players: string[]): Promise<boolean>;
    /** When the period's last moderation change happened (ms), 0 when none. */
    changedAt(): Promise<number>;
  };

  /** Marks the period stale so the next read rebuilds it. */
  markStale(): Promise<void>;
  /** Removes the period's projection entirely. */
  drop(): Promise<void>;
  /** Lets the period's keys expire after `seconds` (a period that left the hot window). */
  expire(seconds: number): Promise<void>;

  /** Takes the rebuild lock; returns a token, or null when someone else holds it. */
  lock(ttlMs: number): Promise<string | null>;
  unlock(token: string): Promise<void>;
  /** Empties the period and marks it not ready; returns the rebuild's generation. */
  beginRebuild(): Promise<string>;
  /** Marks the period ready unless its generation moved meanwhile; true when it is ready. */
  finishRebuild(generation: string): Promise<boolean>;

  /** Live events after version `after` (docs/live.md), oldest first, at most `count`. */
  liveEvents(after: number, count: number): Promise<LiveRecord[]>;
  /** The live stream's version up to which the rollover copied ranks to the record (docs/history.md "Ranks"); 0 before any. */
  ranksCopiedTo(): Promise<number>;
  /** Moves that position up to `version` (never down, so concurrent runs cannot move it back). */
  setRanksCopiedTo(version: number): Promise<void>;

  /**
   * One page of a tier after the cursor's rank key (docs/boards.md "Tiers"): a score tier is a key
   * range, a percentile tier a run of positions. Null when the projection is not ready.
   */
  tier(bounds: TierBounds, cursorKey: string | null, limit: number): Promise<(RankedList & { tierTotal: number; tierEnd: number }) | null>;
}

/** Display names, one hash for every board (names.ts). */
export interface NamesStore {
  /** Names by player id (only those that have one); null while the hash is not loaded. */
  get(players: string[]): Promise<Map<string, string> | null>;
  set(player: string, name: string): Promise<void>;
  /** Loads the hash from `pages` under a lock; false when someone else is loading it. */
  load(pages: AsyncIterable<[string, string][]>): Promise<boolean>;
}

/** The projection as the domain sees it. */
export interface Projection {
  /** One period (or cohort scope) of a board. */
  period(board: ProjectionBoard, period: string): PeriodProjection;
  /** Display names, read at read time. */
  names: NamesStore;
  /** Round trip to Valkey (health). */
  ping(): Promise<void>;
}
