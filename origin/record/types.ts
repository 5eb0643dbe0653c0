/** Shapes returned by the SQL functions in supabase/migrations. */
import type { Entry, LeagueMove, Member, Operator, RankMode, Reset, ScoreFormat, Sort, Source, Tiers, TournamentRules, Writers } from '../../core/index.ts';

export interface RecordEntry {
  playerId: string;
  score: number;
  achievedAt: string;
  achievedAtMs: number;
  metadata: Record<string, unknown> | null;
  seq: number;
}

export interface RankedRecordEntry extends RecordEntry {
  /** The rank shown: ordinal, or the board's tie mode's number. */
  rank: number;
  /** The ordinal position in rank order, when `rank` shows a tie mode's number. */
  position?: number;
}

export interface RecordBoard {
  id: string;
  name: string;
  sort: Sort;
  operator: Operator;
  reset: Reset;
  writers: Writers;
  minScore: number | null;
  maxScore: number | null;
  cacheSeconds: number;
  /** The edge's stale windows (docs/edge-cache.md); absent on records written before these columns existed (the defaults). */
  staleSeconds?: number;
  staleIfErrorSeconds?: number;
  seq: number;
  /** Creation time in µs; tells a re-created board from an older one of the same id. */
  incarnation: number;
  source: Source | null;
  sourceStatus: SourceStatus | null;
  /** Absent on records written before these columns existed (treated as the defaults). */
  rankMode?: RankMode;
  scoreFormat?: ScoreFormat;
  startsAt?: string | null;
  endsAt?: string | null;
  /** Entry rules and cohorts (docs/tournaments.md); null or absent on a normal board. */
  rules?: TournamentRules | null;
  /** Tiers (docs/boards.md "Tiers"); null or absent on a board without them. */
  tiers?: Tiers | null;
}

/** The outcome of a board's last source sync. */
export interface SourceStatus {
  at: string;
  ok: boolean;
  rows: number;
  applied: number;
  unchanged: number;
  skipped: number;
  error?: string;
}

/** One resetting board as the rollover saw it. */
export interface RolloverBoard {
  board: string;
  reset: Reset;
  current: string;
  previous: string;
  /** True when this call closed `previous` (exactly one call does). */
  closedNow: boolean;
}

export interface SubmitOutcome {
  seq: number;
  period: string;
  sort: Sort;
  updated: boolean;
  entry: RecordEntry;
  previous: RecordEntry | null;
  replayed: boolean;
  /** On a board with rules: the player's membership after this attempt. */
  member?: Member;
}

export interface BatchOutcome {
  sort: Sort;
  results: Omit<SubmitOutcome, 'sort' | 'replayed'>[];
  /** Present when the batch carried an idempotency key: true when this is the stored first answer. */
  replayed?: boolean;
}

/** A closed period's stored results (lb_period_results). */
export interface StoredResults {
  period: string;
  closedAt: string;
  entries: number;
  rankMode: RankMode;
  size: number;
  results: Entry[];
  /** A league period's promotions and demotions; null on other boards, and until the league period closed. */
  league?: { promoted: LeagueMove[]; demoted: LeagueMove[] } | null;
}

/** A board's results settings; `webhook.secret` only in the reply that issued it. */
export interface ResultsSettings {
  resultsSize: number;
  webhook: { url: string; secret?: string } | null;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** A webhook delivery claimed for sending (lb_webhook_claim): what to send and where. */
export interface ClaimedDelivery extends StoredResults {
  id: number;
  eventId: string;
  board: string;
  attempts: number;
  createdAt: string;
  url: string;
  secret: string;
}

/** A delivery in the log (lb_webhook_list). */
export interface DeliveryView {
  id: number;
  eventId: string;
  period: string;
  status: DeliveryStatus;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  lastError: string | null;
  log: { at: string; status: number | null; error: string | null; ms: number }[];
}
