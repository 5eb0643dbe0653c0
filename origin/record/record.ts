/** The system of record: typed calls to the SQL functions through supabase-js rpc(). */
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Member, ModerationAction, ModerationState, RankMode, Sort, TournamentRulesInput } from '../../core/index.ts';
import type { Tally } from '../metrics.ts';
import { noAnswer, rpcFailure } from './errors.ts';
import type { BoardInput, LeaderboardRecord, RankedPage, TierRead } from './leaderboard-record.ts';
import type { BatchOutcome, ClaimedDelivery, DeliveryStatus, DeliveryView, RankedRecordEntry, RecordBoard, RecordEntry, ResultsSettings, RolloverBoard, SourceStatus, StoredResults, SubmitOutcome } from './types.ts';

/** The rule keys lb_board_configure is given: all of them to set or clear, none to keep. */
function rulesArg(rules: TournamentRulesInput | null | undefined): Record<string, unknown> {
  if (rules === undefined) return {};
  return { joinRequired: rules?.joinRequired ?? false, maxSize: rules?.maxSize ?? null, maxAttempts: rules?.maxAttempts ?? null, cohortSize: rules?.cohortSize ?? null, cohortBy: rules?.cohortBy ?? null, league: rules?.league ?? null };
}

/** Creates the record adapter over a supabase-js client; each call's time goes into `metrics` as RecordCall. */
export function createRecord(client: SupabaseClient, metrics?: Tally): LeaderboardRecord {
  async function call<T>(fn: string, args: Record<string, unknown> = {}): Promise<T> {
    let result;
    const started = performance.now();
    try {
      result = await client.rpc(fn, args);
    } catch {
      throw noAnswer();
    } finally {
      metrics?.time('RecordCall', performance.now() - started);
    }
    if (result.error) throw rpcFailure(fn, result.error, result.status);
    return result.data as T;
  }

  const exportPage = (board: string, period: string, after: string, limit: number) =>
    call<{ sort: Sort | null; entries: RecordEntry[] }>('lb_export', { p_board: board, p_period: period, p_after: after, p_limit: limit });

  return {
    health: () => call<{ ok: boolean; now: string }>('lb_health'),
    boards: () => call<RecordBoard[]>('lb_boards'),
    board: (id: string) => call<RecordBoard | null>('lb_board', { p_id: id }),
    upsertBoard: (b: BoardInput) =>
      call<{ created: boolean; board: RecordBoard }>('lb_board_put', {
        p_id: b.id,
        p_name: b.name,
        p_sort: b.sort,
        p_operator: b.operator,
        p_reset: b.reset,
        p_writers: b.writers,
        p_min_score: b.minScore,
        p_max_score: b.maxScore,
        p_cache_seconds: b.cacheSeconds,
        p_source: b.source,
        p_rank_mode: b.rankMode,
        p_score_format: b.scoreFormat,
        p_window: b.window,
        p_rules: rulesArg(b.rules),
        p_stale_seconds: b.staleSeconds,
        p_stale_if_error_seconds: b.staleIfErrorSeconds,
        p_set_tiers: b.tiers !== undefined,
        p_tiers: b.tiers ?? null,
      }),
    deleteBoard: (id: string) => call<{ periods: string[] }>('lb_board_delete', { p_id: id }),
    deletePlayer: (board: string, player: string) =>
      call<{ periods: string[]; entries: number }>('lb_player_delete', { p_board: board, p_player: player }),
    submit: (a: { board: string; playerId: string; score: number; metadata: Record<string, unknown> | null; idempotencyKey: string | null; principal: string; now?: string }) =>
      call<SubmitOutcome>('lb_submit', {
        p_board: a.board,
        p_player: a.playerId,
        p_score: a.score,
        p_metadata: a.metadata,
        p_idempotency_key: a.idempotencyKey,
        p_principal: a.principal,
        ...(a.now ? { p_now: a.now } : {}),
      }),
    /** All or nothing; with an idempotency key, applied once per (board, principal, key) like `submit`. */
    submitBatch: (a: { board: string; entries: { playerId: string; score: number; metadata?: Record<string, unknown> | null }[]; idempotencyKey: string | null; principal: string; now?: string }) =>
      a.idempotencyKey === null
        ? call<BatchOutcome>('lb_submit_batch', { p_board: a.board, p_entries: a.entries, p_principal: a.principal, ...(a.now ? { p_now: a.now } : {}) })
        : call<BatchOutcome>('lb_submit_batch_once', { p_board: a.board, p_entries: a.entries, p_idempotency_key: a.idempotencyKey, p_principal: a.principal, ...(a.now ? { p_now: a.now } : {}) }),
    /** Deletes up to `limit` submissions-log rows written before `before` (every board); how many it deleted. */
    trimLog: (before: string, limit: number) => call<number>('lb_submissions_trim', { p_before: before, p_limit: limit }),
    count: (board: string, period: string) => call<number>('lb_count', { p_board: board, p_period: period }),
    readTop: (board: string, period: string, limit: number, after: { rankScore: number; achievedAtMs: number; playerId: string } | null) =>
      call<RankedPage>('lb_read_top', {
        p_board: board,
        p_period: period,
        p_limit: limit,
        ...(after ? { p_after_rank_score: after.rankScore, p_after_ms: after.achievedAtMs, p_after_player: after.playerId } : {}),
      }),
    readPlayers: (board: string, period: string, players: string[]) =>
      call<RankedPage>('lb_read_players', { p_board: board, p_period: period, p_players: players }),
    readAround: (board: string, period: string, player: string, radius: number) =>
      call<{ total?: number; entries: RankedRecordEntry[] | null }>('lb_read_around', { p_board: board, p_period: period, p_player: player, p_radius: radius }),
    /** Competition or dense display ranks of rank scores (score, or -score on desc boards), in order. */
    tieRanks: (board: string, period: string, mode: 'competition' | 'dense', rankScores: number[]) =>
      call<number[]>('lb_tie_ranks', { p_board: board, p_period: period, p_mode: mode, p_rank_scores: rankScores }),
    /**
     * One tier of a period (lb_read_tier): a rank-score range (score tiers) or positions (percentile
     * tiers), `limit` entries after the keyset position, with the period's and the tier's counts.
     */
    readTier: (
      board: string,
      period: string,
      limit: number,
      bounds: { lo: number; hi: number } | { from: number; to: number },
      after: { rankScore: number; achievedAtMs: number; playerId: string } | null,
    ) =>
      call<TierRead>('lb_read_tier', {
        p_board: board,
        p_period: period,
        p_limit: limit,
        ...('lo' in bounds ? { p_lo: bounds.lo, p_hi: bounds.hi } : { p_from: bounds.from, p_to: bounds.to }),
        ...(after ? { p_after_rank_score: after.rankScore, p_after_ms: after.achievedAtMs, p_after_player: after.playerId } : {}),
      }),
    /** Entry count and lowest and highest score of a period (min and max null when empty). */
    scoreSpan: (board: string, period: string) => call<{ total: number; min: number | null; max: number | null }>('lb_score_span', { p_board: board, p_period: period }),
    /** Entries per inclusive score range, in order. */
    rangeCounts: (board: string, period: string, ranges: { from: number; to: number }[]) =>
      call<number[]>('lb_range_counts', { p_board: board, p_period: period, p_from: ranges.map((r) => r.from), p_to: ranges.map((r) => r.to) }),
    /** A player's logged writes in a period, newest first, before seq `before` (docs/history.md); no points when they are hidden. */
    playerHistory: (board: string, period: string, player: string, before: number | null, limit: number) =>
      call<{ hidden: boolean; entry: boolean; points: { seq: number; at: string; score: number; rank: number | null }[] }>('lb_player_history', {
        p_board: board,
        p_period: period,
        p_player: player,
        p_before: before,
        p_limit: limit,
      }),
    /** Ranks of logged writes from the live stream, only where none is stored (docs/history.md "Ranks"). */
    historyRanks: (board: string, period: string, seqs: number[], ranks: number[], gap: { after: number; to: number } | null) =>
      call<{ filled: number; missed: number }>('lb_history_ranks', {
        p_board: board,
        p_period: period,
        p_seqs: seqs,
        p_ranks: ranks,
        p_gap_after: gap?.after ?? null,
        p_gap_to: gap?.to ?? null,
      }),
    /** A board's periods newest first, before `before`, with the current one even while empty. */
    periodList: (board: string, current: string, before: string | null, limit: number) =>
      call<{ period: string; entries: number }[]>('lb_period_list', { p_board: board, p_current: current, p_before: before, p_limit: limit }),
    /** Every entry of a period in player order, `pageSize` at a time (rebuilds, verify, source sync). */
    async *exportPages(board: string, period: string, pageSize: number): AsyncGenerator<RecordEntry[]> {
      for (let after = ''; ; ) {
        const page = await exportPage(board, period, after, pageSize);
        if (page.entries.length > 0) yield page.entries;
        if (page.entries.length < pageSize) return;
        after = page.entries.at(-1)!.playerId;
      }
    },
    periods: (board: string) => call<string[]>('lb_periods', { p_board: board }),
    /** Joins a player to a rules board's current period (idempotent); `band` is the cohortBy band. */
    join: (board: string, player: string, band: string | null, now?: string) =>
      call<Member & { joined: boolean; joinedCount: number; maxSize: number | null }>('lb_join', { p_board: board, p_player: player, p_band: band, ...(now ? { p_now: now } : {}) }),
    /** A player's membership of a board period, or null. */
    member: (board: string, period: string, player: string) => call<Member | null>('lb_member', { p_board: board, p_period: period, p_player: player }),
    /** Every entry of one cohort ranked inside it (a cohort holds at most 1000), in rank order. */
    cohortEntries: (board: string, period: string, cohort: number, mode: RankMode) =>
      call<RankedRecordEntry[]>('lb_cohort_entries', { p_board: board, p_period: period, p_cohort: cohort, p_mode: mode }),
    /** How many players one cohort holds, and how many of them have no entry (they rank last at a league close). */
    cohortMembers: (board: string, period: string, cohort: number) =>
      call<{ members: number; unscored: number }>('lb_cohort_members', { p_board: board, p_period: period, p_cohort: cohort }),
    /** The cohorts of a board period with their member counts. */
    cohorts: (board: string, period: string) => call<{ cohortId: number; members: number }[]>('lb_cohorts', { p_board: board, p_period: period }),
    /** Every entry of one cohort in player order, `pageSize` at a time (rebuild, verify). */
    async *cohortExportPages(board: string, period: string, cohort: number, pageSize: number): AsyncGenerator<RecordEntry[]> {
      for (let after = ''; ; ) {
        const page = await call<{ entries: RecordEntry[] }>('lb_cohort_export', { p_board: board, p_period: period, p_cohort: cohort, p_after: after, p_limit: pageSize });
        if (page.entries.length > 0) yield page.entries;
        if (page.entries.length < pageSize) return;
        after = page.entries.at(-1)!.playerId;
      }
    },
    /** Erases a player's memberships; the {period, cohortId} they were in. */
    memberDelete: (board: string, player: string) => call<{ period: string; cohortId: number | null }[]>('lb_member_delete', { p_board: board, p_player: player }),
    /** Closes a league period exactly once: promotions and demotions per cohort (docs/tournaments.md). */
    leagueClose: (board: string, period: string) =>
      call<{ closed: boolean; league: boolean; players?: number; promoted?: number; demoted?: number }>('lb_league_close', { p_board: board, p_period: period }),
    /** The moves of a closed league period. */
    leagueMoves: (board: string, period: string) =>
      call<{ playerId: string; cohortId: number; rank: number; fromTier: number; toTier: number }[]>('lb_league_moves', { p_board: board, p_period: period }),
    /** Rules boards in a state at `now`, after a keyset position. */
    tournaments: (state: string, now: string, after: { at: string; id: string } | null, limit: number) =>
      call<(RecordBoard & { rules: NonNullable<RecordBoard['rules']>; joined: number; cursorAt: string })[]>('lb_tournament_list', {
        p_state: state,
        p_now: now,
        p_after_at: after?.at ?? null,
        p_after_id: after?.id ?? null,
        p_limit: limit,
      }),
    setSourceStatus: (board: string, status: SourceStatus) => call<null>('lb_source_status', { p_board: board, p_status: status }),
    rollover: (now?: string) => call<RolloverBoard[]>('lb_rollover', now ? { p_now: now } : {}),
    purgeRequest: (tags: string[], reason: string) => call<number>('lb_purge_request', { p_tags: tags, p_reason: reason }),
    purgesDue: (limit: number) => call<{ id: number; tags: string[]; reason: string; attempts: number }[]>('lb_purge_due', { p_limit: limit }),
    purgeResult: (id: number, ok: boolean, error: string | null) =>
      call<{ id: number; status: 'done' | 'pending'; attempts: number; lastError: string | null }>('lb_purge_result', { p_id: id, p_ok: ok, p_error: error }),
    purgeBacklog: () => call<{ pending: number; oldestSeconds: number }>('lb_purge_backlog'),
    requestRepair: (board: string, period: string) => call<null>('lb_repair_request', { p_board: board, p_period: period }),
    repairs: () => call<{ board: string; period: string; requestedAt: string }[]>('lb_repair_list'),
    /** Sets (set = true) or lifts a moderation action on a board, or on every board (scope '*'); audited. */
    moderationChange: (a: { scope: string; playerId: string; action: ModerationAction; set: boolean; reason: string; actor: string }) =>
      call<{ changed: boolean; boards: string[]; periods: { board: string; period: string }[] }>('lb_moderation_change', {
        p_scope: a.scope,
        p_player: a.playerId,
        p_action: a.action,
        p_set: a.set,
        p_reason: a.reason,
        p_actor: a.actor,
      }),
    moderationList: (board: string) => call<Omit<ModerationState, 'board'>>('lb_moderation_list', { p_board: board }),
    /** The players hidden from a board's public views (hide or shadow). */
    moderationHidden: (board: string) => call<string[]>('lb_moderation_hidden', { p_board: board }),
    /** A shadowed player's own entry, ranked among the public entries as if it were one of them. */
    readSelf: (board: string, period: string, player: string) => call<RankedPage>('lb_read_self', { p_board: board, p_period: period, p_player: player }),
    /** Sets a player's display name (normalised by the caller). */
    profileSet: (player: string, name: string) => call<{ playerId: string; displayName: string }>('lb_profile_set', { p_player: player, p_name: name }),
    /** The display names of those players that have one. */
    profileNames: (players: string[]) => call<Record<string, string>>('lb_profile_names', { p_players: players }),
    /** Every [playerId, displayName] by player id, `limit` at a time after `after`. */
    profileExport: (after: string, limit: number) => call<[string, string][]>('lb_profile_export', { p_after: after, p_limit: limit }),
    repairDone: (board: string, period: string, before: string) => call<null>('lb_repair_done', { p_board: board, p_period: period, p_before: before }),
    // Period results and webhooks (docs/results.md; origin/results/).
    closeEnded: (now?: string) => call<{ board: string; period: string }[]>('lb_close_ended', now ? { p_now: now } : {}),
    periodResults: (board: string, period: string) => call<StoredResults | null>('lb_period_results', { p_board: board, p_period: period }),
    resultsSettings: (board: string) => call<ResultsSettings | null>('lb_results_settings', { p_board: board }),
    resultsConfigure: (board: string, a: { size: number | null; webhook?: { url: string | null; rotate: boolean }; newSecret: string }) =>
      call<ResultsSettings>('lb_results_configure', {
        p_board: board,
        p_size: a.size,
        p_set_webhook: a.webhook !== undefined,
        p_url: a.webhook?.url ?? null,
        p_rotate: a.webhook?.rotate ?? false,
        p_new_secret: a.newSecret,
      }),
    webhookClaim: (now: string, limit: number, leaseSeconds: number, only: { id?: number; board?: string } = {}) =>
      call<ClaimedDelivery[]>('lb_webhook_claim', { p_now: now, p_limit: limit, p_lease_seconds: leaseSeconds, p_id: only.id ?? null, p_board: only.board ?? null }),
    webhookResult: (id: number, a: { at: string; ok: boolean; status: number | null; error: string | null; ms: number; retryAt: string | null }) =>
      call<{ id: number; status: DeliveryStatus; attempts: number }>('lb_webhook_result', {
        p_id: id,
        p_at: a.at,
        p_ok: a.ok,
        p_status: a.status,
        p_error: a.error,
        p_ms: a.ms,
        p_retry_at: a.retryAt,
      }),
    webhookList: (board: string, limit: number, before: number | null = null) => call<DeliveryView[]>('lb_webhook_list', { p_board: board, p_limit: limit, p_before: before }),
    /** A board's audit log (erasures), newest first, `limit` records older than `before`. */
    auditPage: (board: string, limit: number, before: number | null) =>
      call<{ id: number; action: string; at: string; detail: Record<string, unknown> }[]>('lb_audit_page', { p_board: board, p_limit: limit, p_before: before }),
    webhookResend: (board: string, id: number, now: string) => call<number | null>('lb_webhook_resend', { p_board: board, p_id: id, p_now: now }),
    /** The boards written most recently, with the period and sequence number of each one's newest logged write. */
    recentWrites: (limit: number) => call<{ board: string; period: string; seq: number; at: string }[]>('lb_recent_writes', { p_limit: limit }),
    /** Logged writes of a board period above a sequence number (a projection version), counted up to `cap`. */
    writesAfter: (board: string, period: string, after: number, cap: number) => call<number>('lb_writes_after', { p_board: board, p_period: period, p_after: after, p_cap: cap }),
  };
}
