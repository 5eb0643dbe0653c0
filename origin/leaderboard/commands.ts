/** The write side: submit, batch, board upsert/delete, player deletion. Record first, then mirror. */
import { ApiError, formatPrincipal, periodKey, type BoardConfig, type LivePoke, type Principal, type SubmitResult, type SubmitScore } from '../../core/index.ts';
import type { Applied } from '../projection/period.ts';
import type { RecordBoard, RecordEntry } from '../record/types.ts';
import { boardView, loadBoard, rememberBoard } from './boards.ts';
import type { Deps } from './deps.ts';
import { tierAt, toEntry } from './entries.ts';
import { recordRanker } from './queries.ts';
import { rebuildPeriod } from './rebuild.ts';
import { attemptPurge, boardTags, recordPurge, type PurgeStatus } from './purge.ts';
import { noteVersion } from './version.ts';
import { withNames } from './names.ts';
import { applyResultsSettings, checkWebhookUrl } from '../results/results.ts';
import { cohortScopesOf, cohortSubmitReply, eraseMember } from './tournaments.ts';
import { entryEvent } from './live.ts';

/** Checks that a principal may write this player's score on this board (docs/api.md "Auth"). */
export function authorizeWrite(principal: Principal, board: RecordBoard, playerIds: string[]): void {
  if (principal.kind !== 'player') return;
  if (board.writers !== 'players') throw new ApiError('forbidden', `Board "${board.id}" accepts scores from game servers only`);
  if (playerIds.some((id) => id !== principal.playerId)) throw new ApiError('forbidden', 'A player may only submit their own score');
}

/**
 * Mirrors committed entries into Valkey. The write is already acknowledged by the record, so a
 * failure here only marks the period for repair: stale in Valkey if reachable, and in the record.
 * Notes the period's version after the mirror (0 when it failed) as the answer's version.
 * Returns what the projection did (ranks, the version after and before), or null when it failed.
 */
export async function mirror(deps: Deps, board: RecordBoard, period: string, sort: RecordBoard['sort'], entries: RecordEntry[]) {
  // The record's sort, as the write committed it.
  const bound = { ...board, sort };
  try {
    const projection = (await deps.projection()).period(bound, period);
    const started = performance.now();
    const out = await projection.apply(entries);
    deps.metrics?.time('ProjectionCall', performance.now() - started);
    noteVersion(deps, out.version);
    return out;
  } catch (err) {
    noteVersion(deps, null);
    deps.log('warn', 'mirror to Valkey failed; period marked for repair', { board: board.id, period, error: String(err) });
    deps.metrics?.count('RepairsRequested');
    await deps
      .projection()
      .then((p) => p.period(bound, period).markStale())
      .catch(() => undefined);
    await deps.record.requestRepair(board.id, period).catch(() => undefined);
    return null;
  }
}

/** The instant writes are stamped with: the database clock unless a write clock is set. */
const writeTime = (deps: Deps): { now?: string } => (deps.writeClock ? { now: deps.writeClock().toISOString() } : {});

/**
 * Rank of one player from the record, for when the projection could not say: the ordinal
 * position among the period's total (what a percentile tier is cut from).
 */
async function rankFromRecord(deps: Deps, board: string, period: string, playerId: string): Promise<{ rank: number; position: number; total: number } | null> {
  const page = await deps.record.readPlayers(board, period, [playerId]).catch(() => null);
  const e = page?.entries[0];
  if (page && e) return { rank: e.rank, position: e.position ?? e.rank, total: page.total };
  // A shadowed player (docs/moderation.md) is told the rank they would have, as `…/me` shows it;
  // only the writer (the player, or a trusted key writing for them) gets this reply.
  const self = await deps.record.readSelf(board, period, playerId).catch(() => null);
  const own = self?.entries[0];
  return self && own ? { rank: own.rank, position: own.position ?? own.rank, total: self.total } : null;
}

/**
 * The board's tie-mode number for each score (docs/boards.md), from the projection when it is
 * ready, else (unless `projectionOnly`) from the record. Ordinal boards keep the ranks they have.
 */
async function tieRanks(deps: Deps, board: RecordBoard, period: string, scores: number[], projectionOnly = false): Promise<number[] | null> {
  const mode = board.rankMode ?? 'ordinal';
  if (mode === 'ordinal') return null;
  const fromProjection = await deps
    .projection()
    .then((p) => p.period(board, period).tieRanks(scores))
    .catch(() => null);
  if (fromProjection || projectionOnly) return fromProjection;
  return recordRanker(deps, board, period)(mode, scores).catch(() => null);
}

/** POST /api/boards/{board}/scores */
export async function submitScore(deps: Deps, boardId: string, input: SubmitScore, principal: Principal, idempotencyKey: string | null): Promise<SubmitResult & { replayed: boolean; live?: LivePoke | null }> {
  const board = await loadBoard(deps, boardId);
  authorizeWrite(principal, board, [input.playerId]);
  const out = await deps.record.submit({
    board: board.id,
    playerId: input.playerId,
    score: input.score,
    metadata: input.metadata ?? null,
    idempotencyKey,
    principal: formatPrincipal(principal),
    ...writeTime(deps),
  });
  deps.metrics?.count(out.replayed ? 'WritesReplayed' : out.updated ? 'WritesAccepted' : 'WritesUnchanged');
  // A cohort board answers inside the player's cohort (tournaments.ts).
  const cohort = out.member?.cohortId ?? null;
  if (out.member && cohort !== null) return cohortSubmitReply(deps, board, { ...out, member: out.member }, cohort, (scope) => mirror(deps, board, scope, out.sort, [out.entry]).then((a) => a?.ranks ?? null));
  // Tie modes number the previous entry as it stood before this write is mirrored. Only the
  // projection still holds that state (the record has committed the write): without it, the
  // previous rank is unknown (null), as it is for ordinal boards when Valkey can't say.
  const tiedBefore = out.previous && (board.rankMode ?? 'ordinal') !== 'ordinal' ? await tieRanks(deps, board, out.period, [out.previous.score], true) : null;
  const applied = await mirror(deps, board, out.period, out.sort, [out.entry]);
  const ranks = applied?.ranks[0];
  // The ordinal position and the period's total it was counted among (a percentile tier's cut).
  const placed = ranks?.newRank ? { rank: ranks.newRank, position: ranks.newRank, total: ranks.total } : await rankFromRecord(deps, board.id, out.period, input.playerId);
  const rank = placed?.rank ?? null;
  const tiedAfter = rank ? await tieRanks(deps, board, out.period, [out.entry.score]) : null;
  // The previous entry stood among the same total: it was the player's, which this write replaced.
  const oldRank = ranks?.oldRank || null;
  const [entry, previous] = await withNames(deps, [
    toEntry(out.entry, tiedAfter?.[0] ?? rank, tierAt(board, out.entry.score, placed?.position, placed?.total)),
    ...(out.previous
      ? [toEntry(out.previous, oldRank ? (tiedBefore ? tiedBefore[0]! : (board.rankMode ?? 'ordinal') === 'ordinal' ? oldRank : null) : null, tierAt(board, out.previous.score, oldRank, ranks?.total))]
      : []),
  ]);
  return { entry: entry!, updated: out.updated, previous: previous ?? null, replayed: out.replayed, ...(out.member ? { member: out.member } : {}), live: writeEvent(board, out.period, out.entry, applied) };
}

/**
 * The live event the mirror appended for this one write (docs/live.md), as the period's stream
 * holds it: only when the version moved (the entry was applied, so exactly one event was appended,
 * with the version before as its `p`); null otherwise, and the edge's poke then pulls.
 */
function writeEvent(board: RecordBoard, period: string, e: RecordEntry, applied: Applied | null): LivePoke | null {
  if (!applied || applied.version <= applied.before) return null;
  const r = applied.ranks[0];
  const name = e.metadata?.displayName;
  return {
    period,
    event: entryEvent(board, {
      seq: applied.version, prev: applied.before, playerId: e.playerId, score: e.score, rank: r?.newRank || null, previousRank: r?.oldRank || null,
      total: r?.total || null, displayName: typeof name === 'string' ? name : null,
    }),
  };
}

/** POST /api/boards/{board}/scores/batch: all or nothing in the record, then one projection update. */
export async function submitBatch(deps: Deps, boardId: string, entries: SubmitScore[], principal: Principal, idempotencyKey: string | null = null) {
  const board = await loadBoard(deps, boardId);
  authorizeWrite(principal, board, entries.map((e) => e.playerId));
  const out = await deps.record.submitBatch({ board: board.id, entries, idempotencyKey, principal: formatPrincipal(principal), ...writeTime(deps) });
  if (!out.replayed) {
    const accepted = out.results.filter((r) => r.updated).length;
    deps.metrics?.count('WritesAccepted', accepted);
    deps.metrics?.count('WritesUnchanged', out.results.length - accepted);
  }
  // A replay mirrors the stored entries again: the projection applies only newer sequences, so
  // this repairs a mirror the first request may have missed and never moves a score backwards.
  const byPeriod = new Map<string, RecordEntry[]>();
  for (const r of out.results) byPeriod.set(r.period, [...(byPeriod.get(r.period) ?? []), r.entry]);
  for (const [period, list] of byPeriod) await mirror(deps, board, period, out.sort, list);
  return {
    // Unranked, so only a score tier can be told (tierAt).
    results: out.results.map((r) => ({ playerId: r.entry.playerId, updated: r.updated, entry: toEntry(r.entry, null, tierAt(board, r.entry.score, null, null)) })),
    replayed: out.replayed === true,
  };
}

/**
 * A new board has no entries, so its current period's projection can be made ready at once
 * (a rebuild of nothing, under the lock). Its first writes then get ranks from Valkey instead
 * of counting in the record. Best effort: without it, the first read rebuilds.
 */
async function prepareEmptyPeriod(deps: Deps, board: RecordBoard): Promise<void> {
  try {
    await rebuildPeriod(deps, (await deps.projection()).period(board, periodKey(board.reset, deps.now())), board);
  } catch (err) {
    deps.log('warn', 'could not prepare the new board in Valkey; the first read will', { board: board.id, error: String(err) });
  }
}

/** PUT /api/boards/{board} */
export async function upsertBoard(deps: Deps, id: string, cfg: BoardConfig) {
  // A changed configuration changes every view of the board (name, bounds, cache time...): purge it
  // everywhere. The purge is recorded first, so it is retried even if this call dies after the change.
  if (cfg.webhook) await checkWebhookUrl(deps, cfg.webhook.url);
  const existing = await deps.record.board(id);
  const purgeId = existing ? await recordPurge(deps, boardTags(id), 'board config changed') : null;
  const out = await deps.record.upsertBoard({
    id,
    name: cfg.name,
    sort: cfg.sort,
    operator: cfg.operator,
    reset: cfg.reset,
    writers: cfg.writers,
    minScore: cfg.minScore ?? null,
    maxScore: cfg.maxScore ?? null,
    cacheSeconds: cfg.cacheSeconds ?? null,
    staleSeconds: cfg.staleSeconds ?? null,
    staleIfErrorSeconds: cfg.staleIfErrorSeconds ?? null,
    source: cfg.source ?? null,
    rankMode: cfg.rankMode ?? null,
    scoreFormat: cfg.scoreFormat ?? null,
    window: {
      ...(cfg.startsAt !== undefined ? { startsAt: cfg.startsAt } : {}),
      ...(cfg.endsAt !== undefined ? { endsAt: cfg.endsAt } : {}),
    },
    rules: cfg.tournament,
    tiers: cfg.tiers,
  });
  rememberBoard(id, out.board);
  // Results settings (docs/results.md) live beside the board row, so they are written once it exists.
  const results = await applyResultsSettings(deps, id, cfg);
  if (out.created) await prepareEmptyPeriod(deps, out.board);
  const purge = existing ? await attemptPurge(deps, purgeId, boardTags(id)) : null;
  return { created: out.created, board: boardView(out.board, 0, deps.now()), results, purge };
}

/** Drops the projection of the listed periods (best effort: keys of a deleted board are unreachable anyway). */
async function dropPeriods(deps: Deps, board: RecordBoard, periods: string[], how: 'drop' | 'markStale') {
  try {
    const projection = await deps.projection();
    for (const period of periods) await projection.period(board, period)[how]();
  } catch (err) {
    deps.log('warn', 'could not update the projection', { board: board.id, error: String(err) });
    if (how === 'markStale') {
      for (const period of periods) await deps.record.requestRepair(board.id, period).catch(() => undefined);
      deps.metrics?.count('RepairsRequested', periods.length);
    }
  }
}

/** DELETE /api/boards/{board} */
export async function deleteBoard(deps: Deps, id: string): Promise<{ purge: PurgeStatus }> {
  const board = await loadBoard(deps, id);
  const purgeId = await recordPurge(deps, boardTags(id), 'board deleted');
  // Cohort projections (tournaments.ts) are listed while the record still has the memberships.
  const cohorts = board.rules?.cohortSize ? (await Promise.all((await deps.record.periods(id)).map((p) => cohortScopesOf(deps, board, p)))).flat() : [];
  const out = await deps.record.deleteBoard(id);
  rememberBoard(id, null);
  await dropPeriods(deps, board, [...out.periods, ...cohorts], 'drop');
  return { purge: await attemptPurge(deps, purgeId, boardTags(id)) };
}

/** DELETE /api/boards/{board}/players/{playerId}: erased from the record, then from the projection. */
export async function deletePlayer(deps: Deps, id: string, playerId: string): Promise<{ periods: string[]; purge: PurgeStatus }> {
  const board = await loadBoard(deps, id);
  const purgeId = await recordPurge(deps, boardTags(id), 'player erased');
  const out = await deps.record.deletePlayer(id, playerId);
  const cohorts = await eraseMember(deps, board, playerId);
  await dropPeriods(deps, board, [...out.periods, ...cohorts], 'markStale');
  return { periods: out.periods, purge: await attemptPurge(deps, purgeId, boardTags(id)) };
}
