/**
 * What the domain (origin/leaderboard/, results/, sources/, tasks/) needs from the system of
 * record, declared apart from the supabase-js adapter that implements it (record.ts), so the
 * domain services can be tested with an in-memory one (origin/leaderboard/testing/).
 * Each method is one SQL function of supabase/migrations/, one transaction; a record that cannot
 * be reached throws ApiError `unavailable` (errors.ts).
 */
import type { Member, ModerationAction, ModerationState, Operator, RankMode, Reset, ScoreFormat, Sort, Source, Tiers, TournamentRulesInput, Writers } from '../../core/index.ts';
import type { BatchOutcome, ClaimedDelivery, DeliveryStatus, DeliveryView, RankedRecordEntry, RecordBoard, RecordEntry, ResultsSettings, RolloverBoard, SourceStatus, StoredResults, SubmitOutcome } from './types.ts';

export interface BoardInput {
  id: string;
  name: string;
  sort: Sort;
  operator: Operator;
  reset: Reset;
  writers: Writers;
  minScore: number | null;
  maxScore: number | null;
  cacheSeconds: number | null;
  /** The edge's stale windows (docs/edge-cache.md); null keeps the board's. */
  staleSeconds: number | null;
  staleIfErrorSeconds: number | null;
  source: Source | null;
  rankMode: RankMode | null;
  scoreFormat: ScoreFormat | null;
  /** The open window's bounds the request named: null clears one, a key left out keeps it. */
  window: { startsAt?: string | null; endsAt?: string | null };
  /** Entry rules (docs/tournaments.md): undefined keeps the board's, null removes them. */
  rules?: TournamentRulesInput | null;
  /** Tiers (docs/boards.md "Tiers"): undefined keeps the board's, null removes them. */
  tiers?: Tiers | null;
}

export interface RankedPage {
  total: number;
  entries: RankedRecordEntry[];
}

/** A page of one tier: with the tier's entry count and the position of its last entry (0 when empty). */
export interface TierRead extends RankedPage {
  tierTotal: number;
  tierEnd: number;
}

/** The system of record. */
export interface LeaderboardRecord {
  health(): Promise<{ ok: boolean; now: string }>;
  boards(): Promise<RecordBoard[]>;
  board(id: string): Promise<RecordBoard | null>;
  upsertBoard(b: BoardInput): Promise<{ created: boolean; board: RecordBoard }>;
  deleteBoard(id: string): Promise<{ periods: string[] }>;
  deletePlayer(board: string, player: string): Promise<{ periods: string[]; entries: number }>;
  submit(a: { board: string; playerId: string; score: number; metadata: Record<string, unknown> | null; idempotencyKey: string | null; principal: string; now?: string }): Promise<SubmitOutcome>;
  /** All or nothing; with an idempotency key, applied once per (board, principal, key) like `submit`. */
  submitBatch(a: { board: string; entries: { playerId: string; score: number; metadata?: Record<string, unknown> | null }[]; idempotencyKey: string | null; principal: string; now?: string }): Promise<BatchOutcome>;
  /** Deletes at most `limit` log rows submitted before `before` (the trim-log task); the number deleted. */
  trimLog(before: string, limit: number): Promise<number>;
  count(board: string, period: string): Promise<number>;
  readTop(board: string, period: string, limit: number, after: { rankScore: number; achievedAtMs: number; playerId: string } | null): Promise<RankedPage>;
  readPlayers(board: string, period: string, players: string[]): Promise<RankedPage>;
  readAround(board: string, period: string, player: string, radius: number): Promise<{ total?: number; entries: RankedRecordEntry[] | null }>;
  /** Competition or dense display ranks of rank scores (score, or -score on desc boards), in order. */
  tieRanks(board: string, period: string, mode: 'competition' | 'dense', rankScores: number[]): Promise<number[]>;
  /**
   * One tier of a period (lb_read_tier): a rank-score range (score tiers) or positions (percentile
   * tiers), `limit` entries after the keyset position, with the period's and the tier's counts.
   */
  readTier(
    board: string,
    period: string,
    limit: number,
    bounds: { lo: number; hi: number } | { from: number; to: number },
    after: { rankScore: number; achievedAtMs: number; playerId: string } | null,
  ): Promise<TierRead>;
  /** A player's logged writes in a period, newest first, before seq `before` (docs/history.md); no points when they are hidden. */
  playerHistory(board: string, period: string, player: string, before: number | null, limit: number): Promise<{ hidden: boolean; entry: boolean; points: { seq: number; at: string; score: number; rank: number | null }[] }>;
  /**
   * Stores the ranks of logged writes of a period (seqs[i] had ranks[i]) where none is stored yet
   * (lb_history_ranks, docs/history.md "Ranks"). With `gap` (the live stream lost the events after
   * version `after` up to `to`), also counts the changing writes in that seq range still without a rank.
   */
  historyRanks(board: string, period: string, seqs: number[], ranks: number[], gap: { after: number; to: number } | null): Promise<{ filled: number; missed: number }>;
  /** Entry count and lowest and highest score of a period (min and max null when empty). */
  scoreSpan(board: string, period: string): Promise<{ total: number; min: number | null; max: number | null }>;
  /** Entries per inclusive score range, in order. */
  rangeCounts(board: string, period: string, ranges: { from: number; to: number }[]): Promise<number[]>;
  /** A board's periods newest first, before `before`, with the current one even while empty. */
  periodList(board: string, current: string, before: string | null, limit: number): Promise<{ period: string; entries: number }[]>;
  /** Every entry of a period in player order, `pageSize` at a time (rebuilds, verify, source sync). */
  exportPages(board: string, period: string, pageSize: number): AsyncGenerator<RecordEntry[]>;
  periods(board: string): Promise<string[]>;
  /** Joins a player to a rules board's current period (idempotent); `band` is the cohortBy band. */
  join(board: string, player: string, band: string | null, now?: string): Promise<Member & { joined: boolean; joinedCount: number; maxSize: number | null }>;
  /** A player's membership of a board period, or null. */
  member(board: string, period: string, player: string): Promise<Member | null>;
  /** Every entry of one cohort ranked inside it (a cohort holds at most 1000), in rank order. */
  cohortEntries(board: string, period: string, cohort: number, mode: RankMode): Promise<RankedRecordEntry[]>;
  /** How many players one cohort holds, and how many of them have no entry (they rank last at a league close). */
  cohortMembers(board: string, period: string, cohort: number): Promise<{ members: number; unscored: number }>;
  /** The cohorts of a board period with their member counts. */
  cohorts(board: string, period: string): Promise<{ cohortId: number; members: number }[]>;
  /** Every entry of one cohort in player order, `pageSize` at a time (rebuild, verify). */
  cohortExportPages(board: string, period: string, cohort: number, pageSize: number): AsyncGenerator<RecordEntry[]>;
  /** Erases a player's memberships; the {period, cohortId} they were in. */
  memberDelete(board: string, player: string): Promise<{ period: string; cohortId: number | null }[]>;
  /** Closes a league period exactly once: promotions and demotions per cohort (docs/tournaments.md). */
  leagueClose(board: string, period: string): Promise<{ closed: boolean; league: boolean; players?: number; promoted?: number; demoted?: number }>;
  /** The moves of a closed league period. */
  leagueMoves(board: string, period: string): Promise<{ playerId: string; cohortId: number; rank: number; fromTier: number; toTier: number }[]>;
  /** Rules boards in a state at `now`, after a keyset position. */
  tournaments(state: string, now: string, after: { at: string; id: string } | null, limit: number): Promise<(RecordBoard & { rules: NonNullable<RecordBoard['rules']>; joined: number; cursorAt: string })[]>;
  setSourceStatus(board: string, status: SourceStatus): Promise<null>;
  rollover(now?: string): Promise<RolloverBoard[]>;
  purgeRequest(tags: string[], reason: string): Promise<number>;
  purgesDue(limit: number): Promise<{ id: number; tags: string[]; reason: string; attempts: number }[]>;
  purgeResult(id: number, ok: boolean, error: string | null): Promise<{ id: number; status: 'done' | 'pending'; attempts: number; lastError: string | null }>;
  purgeBacklog(): Promise<{ pending: number; oldestSeconds: number }>;
  requestRepair(board: string, period: string): Promise<null>;
  repairs(): Promise<{ board: string; period: string; requestedAt: string }[]>;
  /** Sets (set = true) or lifts a moderation action on a board, or on every board (scope '*'); audited. */
  moderationChange(a: { scope: string; playerId: string; action: ModerationAction; set: boolean; reason: string; actor: string }): Promise<{ changed: boolean; boards: string[]; periods: { board: string; period: string }[] }>;
  moderationList(board: string): Promise<Omit<ModerationState, 'board'>>;
  /** The players hidden from a board's public views (hide or shadow). */
  moderationHidden(board: string): Promise<string[]>;
  /** A shadowed player's own entry, ranked among the public entries as if it were one of them. */
  readSelf(board: string, period: string, player: string): Promise<RankedPage>;
  /** Sets a player's display name (normalised by the caller). */
  profileSet(player: string, name: string): Promise<{ playerId: string; displayName: string }>;
  /** The display names of those players that have one. */
  profileNames(players: string[]): Promise<Record<string, string>>;
  /** Every [playerId, displayName] by player id, `limit` at a time after `after`. */
  profileExport(after: string, limit: number): Promise<[string, string][]>;
  repairDone(board: string, period: string, before: string): Promise<null>;
  // Period results and webhooks (docs/results.md; origin/results/).
  closeEnded(now?: string): Promise<{ board: string; period: string }[]>;
  periodResults(board: string, period: string): Promise<StoredResults | null>;
  resultsSettings(board: string): Promise<ResultsSettings | null>;
  resultsConfigure(board: string, a: { size: number | null; webhook?: { url: string | null; rotate: boolean }; newSecret: string }): Promise<ResultsSettings>;
  webhookClaim(now: string, limit: number, leaseSeconds: number, only?: { id?: number; board?: string }): Promise<ClaimedDelivery[]>;
  webhookResult(id: number, a: { at: string; ok: boolean; status: number | null; error: string | null; ms: number; retryAt: string | null }): Promise<{ id: number; status: DeliveryStatus; attempts: number }>;
  webhookList(board: string, limit: number, before?: number | null): Promise<DeliveryView[]>;
  webhookResend(board: string, id: number, now: string): Promise<number | null>;
  /** A board's erasure audit, newest first, before id `before`. */
  auditPage(board: string, limit: number, before: number | null): Promise<{ id: number; action: string; at: string; detail: Record<string, unknown> }[]>;
  /** The boards written most recently, with the period and sequence number of each one's newest logged write. */
  recentWrites(limit: number): Promise<{ board: string; period: string; seq: number; at: string }[]>;
  /** Logged writes of a board period above a sequence number (a projection version), counted up to `cap`. */
  writesAfter(board: string, period: string, after: number, cap: number): Promise<number>;
}
