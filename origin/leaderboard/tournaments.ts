/**
 * Tournaments and cohorts (docs/tournaments.md): joins, the tournament list, and every view of a
 * cohort board answered inside the player's cohort.
 *
 * The record decides everything (lb_join, lb_rules_write: caps, attempts, placement). The
 * projection holds one sorted set per cohort next to the period's own, under the period's hash
 * tag: a cohort is a *scope* `<period>#c<id>` (keys.ts cohortScope) that every projection method
 * and script takes where it takes a period, so a cohort is mirrored, read, rebuilt and verified
 * by the same code as a period, from its members' entries in the record.
 */
import {
  ApiError,
  decodeRankKey,
  encodeCursor,
  encodeRankKey,
  encodeTournamentsCursor,
  nextResetAt,
  parseCursor,
  parseTournamentsCursor,
  periodKey,
  type CohortPage,
  type Join,
  type JoinResult,
  type LeagueMoves,
  type Member,
  type Principal,
  type SubmitResult,
  type TournamentList,
  type TournamentState,
} from '../../core/index.ts';
import { cohortScope } from '../projection/keys.ts';
import type { PeriodProjection, Projection } from '../projection/period.ts';
import type { RankedRecordEntry, RecordBoard, RecordEntry, SubmitOutcome } from '../record/types.ts';
import { isHotPeriod, loadBoard, readPeriod } from './boards.ts';
import type { Deps } from './deps.ts';
import { tierAt, tierTag, toEntries, toEntry } from './entries.ts';
import { readThrough } from './read-through.ts';
import { rebuildPeriod } from './rebuild.ts';
import { projectionRanker, renumberEach, renumberRun, type TieRanker } from './ties.ts';
import { verifyPeriod, type VerifyReport } from './verify.ts';

/** A projection scope: a period, or a cohort of one. */
export function parseScope(scope: string): { period: string; cohort: number | null } {
  const m = /^(.*)#c(\d+)$/.exec(scope);
  return m ? { period: m[1]!, cohort: Number(m[2]) } : { period: scope, cohort: null };
}

/** What the record holds for a scope, page by page, in player order (rebuilds, verify, repairs). */
export function scopePages(deps: Deps, board: RecordBoard, scope: string): () => AsyncIterable<RecordEntry[]> {
  const { period, cohort } = parseScope(scope);
  const size = deps.config.rebuildPageSize;
  return cohort === null ? () => deps.record.exportPages(board.id, period, size) : () => deps.record.cohortExportPages(board.id, period, cohort, size);
}

const hasCohorts = (board: RecordBoard) => board.rules?.cohortSize != null;

/** Players may act for themselves only, and only on boards their kind may write to. */
function authorizeFor(principal: Principal, board: RecordBoard, playerId: string): void {
  if (principal.kind !== 'player') return;
  if (board.writers !== 'players') throw new ApiError('forbidden', `Board "${board.id}" accepts players from game servers only`);
  if (playerId !== principal.playerId) throw new ApiError('forbidden', 'A player may only join as themselves');
}

/** POST /api/boards/{board}/join */
export async function joinBoard(deps: Deps, boardId: string, input: Join, principal: Principal): Promise<JoinResult> {
  const board = await loadBoard(deps, boardId);
  authorizeFor(principal, board, input.playerId);
  if (input.band !== undefined && principal.kind === 'player') throw new ApiError('forbidden', 'Only a game server may place a player in a band');
  if (input.band !== undefined && board.rules?.cohortBy == null) {
    throw new ApiError('invalid_request', 'Invalid body', { band: `board "${board.id}" has no cohortBy: leave band out` });
  }
  const out = await deps.record.join(board.id, input.playerId, input.band ?? null, deps.writeClock?.().toISOString());
  if (out.joined && out.cohortId !== null) await prepareCohort(deps, board, cohortScope(out.period, out.cohortId));
  return { board: board.id, ...out };
}

/**
 * Makes a cohort's projection ready when it is not (a cohort opened by this join holds at most
 * this member, without an entry yet), so its writes are ranked from Valkey. Best effort: a read
 * rebuilds it otherwise.
 */
async function prepareCohort(deps: Deps, board: RecordBoard, scope: string): Promise<boolean> {
  try {
    const projection = (await deps.projection()).period(board, scope);
    if ((await projection.count()) !== null) return true;
    return await rebuildPeriod(deps, projection, board, undefined, scopePages(deps, board, scope));
  } catch (err) {
    deps.log('warn', 'could not prepare the cohort in Valkey; the first read will', { board: board.id, scope, error: String(err) });
    return false;
  }
}


async function withTies<T extends { entries: RankedRecordEntry[] }>(board: RecordBoard, page: T | null, how: 'run' | 'each', ranker: TieRanker): Promise<T | null> {
  const mode = board.rankMode ?? 'ordinal';
  if (!page || mode === 'ordinal') return page;
  const entries = await (how === 'run' ? renumberRun : renumberEach)(mode, page.entries, ranker);
  return entries && { ...page, entries };
}

/**
 * One read of a cohort: from its projection (rebuilt from its members' entries when missing),
 * or from the record, which ranks the whole cohort (at most 1000 entries) in the board's mode.
 */
function cohortRead<T extends { entries: RankedRecordEntry[] }>(
  deps: Deps,
  board: RecordBoard,
  period: string,
  cohort: number,
  how: 'run' | 'each',
  fromProjection: (p: PeriodProjection) => Promise<T | null>,
  fromRecord: (all: RankedRecordEntry[]) => T,
): Promise<T> {
  const scope = cohortScope(period, cohort);
  return readThrough(
    deps,
    board,
    scope,
    async (p) => withTies(board, await fromProjection(p), how, projectionRanker(p)),
    async () => fromRecord(await deps.record.cohortEntries(board.id, period, cohort, board.rankMode ?? 'ordinal')),
    { hotPeriod: period, pages: scopePages(deps, board, scope) },
  );
}

/** GET /api/boards/{board}/cohorts/{cohortId}/entries: one cohort's standings, live keyset pages. */
export async function cohortEntriesPage(deps: Deps, boardId: string, cohort: number, q: { limit: number; cursor?: string | undefined; period?: string | undefined }): Promise<CohortPage> {
  const board = await loadBoard(deps, boardId);
  if (!hasCohorts(board)) throw new ApiError('not_found', `Board "${board.id}" has no cohorts`);
  const cursor = q.cursor === undefined ? null : parseCursor(q.cursor);
  const invalid = () => new ApiError('invalid_request', 'Invalid cursor', { cursor: 'must be a nextCursor returned by this endpoint' });
  if (q.cursor !== undefined && (!cursor || cursor.kind !== 'live')) throw invalid();
  if (cursor?.kind === 'live' && cursor.period && q.period !== undefined && q.period !== cursor.period) {
    throw new ApiError('invalid_request', 'The cursor belongs to another period', { cursor: `continues period ${cursor.period}` });
  }
  const period = readPeriod(board, (cursor?.kind === 'live' ? cursor.period : null) ?? q.period, deps.now());
  const rankKey = cursor?.kind === 'live' ? cursor.rankKey : null;
  if (rankKey !== null && !decodeRankKey(board.sort, rankKey)) throw invalid();
  // The cohort's members, scored or not, beside its entries (a league close ranks the unscored last):
  // from the record, and left null when it cannot answer, so that Valkey still serves the entries.
  const [page, members] = await Promise.all([
    cohortRead(
      deps,
      board,
      period,
      cohort,
      'run',
      (p) => p.top(rankKey, q.limit),
      (all) => {
        const from = rankKey === null ? 0 : all.findIndex((e) => encodeRankKey(board.sort, e) > rankKey);
        return { total: all.length, entries: from < 0 ? [] : all.slice(from, from + q.limit) };
      },
    ),
    deps.record.cohortMembers(board.id, period, cohort).catch((err: unknown) => {
      deps.log('warn', 'could not count the cohort members', { board: board.id, period, cohort, error: String(err) });
      return null;
    }),
  ]);
  const last = page.entries.at(-1);
  const more = last !== undefined && page.entries.length === q.limit && (last.position ?? last.rank) < page.total;
  return {
    board: board.id,
    period,
    cohortId: cohort,
    total: page.total,
    members: members ? Number(members.members) : null,
    unscored: members ? Number(members.unscored) : null,
    entries: toEntries(page.entries, tierTag(board, page.total)),
    nextCursor: more ? encodeCursor({ kind: 'live', period, rankKey: encodeRankKey(board.sort, last) }) : null,
  };
}

/** A player's view on a rules board: their membership, and on a cohort board their rank inside the cohort. */
export async function rulesPlayerView(
  deps: Deps,
  board: RecordBoard,
  period: string,
  playerId: string,
  boardWide: () => Promise<{ entry: ReturnType<typeof toEntry<number>>; total: number; percentile: number }>,
) {
  const member = await deps.record.member(board.id, period, playerId);
  if (!member?.cohortId) return { ...(await boardWide()), ...(member ? { member } : {}) };
  const found = await cohortRead(
    deps,
    board,
    period,
    member.cohortId,
    'each',
    (p) => p.players([playerId]),
    (all) => ({ total: all.length, entries: all.filter((e) => e.playerId === playerId) }),
  );
  const e = found.entries[0];
  if (!e) throw new ApiError('player_not_found', `Player "${playerId}" has no entry in ${board.id} for ${period}`);
  const percentile = Math.round(((found.total - e.rank + 1) / found.total) * 10000) / 100;
  return { entry: toEntries([e], tierTag(board, found.total))[0]!, total: found.total, percentile, member };
}

/**
 * The reply to a submission on a cohort board: the entry is mirrored into the period and into
 * the player's cohort, and ranked inside the cohort (in the board's tie mode). The answer's
 * version is the lower of the two it was mirrored into (version.ts).
 */
export async function cohortSubmitReply(
  deps: Deps,
  board: RecordBoard,
  out: SubmitOutcome & { member: Member },
  cohort: number,
  mirror: (scope: string) => Promise<{ newRank: number; oldRank: number; total: number }[] | null>,
): Promise<SubmitResult & { replayed: boolean }> {
  const scope = cohortScope(out.period, cohort);
  const mode = board.rankMode ?? 'ordinal';
  const ties = (scores: number[]) =>
    mode === 'ordinal' ? Promise.resolve(null) : deps.projection().then((p) => p.period(board, scope).tieRanks(scores)).catch(() => null);
  // The previous entry numbered as it stood in the cohort before this write is mirrored.
  const tiedBefore = out.previous ? await ties([out.previous.score]) : null;
  await mirror(out.period);
  const first = (await mirror(scope))?.[0];
  let r = first;
  // Not ready (a cohort opened by this first submission, or one Valkey lost): built from the record, which holds this write.
  if (r && r.newRank === 0 && (await prepareCohort(deps, board, scope))) r = (await mirror(scope))?.[0];
  // The previous position is known only from a mirror into a ready cohort: a rebuilt one already held this write.
  const before = first?.newRank ? first : null;
  let rank: number | null = r?.newRank || null;
  // The ordinal position in the cohort and the cohort's total: a percentile tier is the cohort's (docs/boards.md "Tiers").
  let placed = r?.newRank ? { position: r.newRank, total: r.total } : null;
  if (rank !== null && mode !== 'ordinal') rank = (await ties([out.entry.score]))?.[0] ?? null;
  const oldRank = before?.oldRank ? (mode === 'ordinal' ? before.oldRank : (tiedBefore?.[0] ?? null)) : null;
  if (rank === null) {
    const all = await deps.record.cohortEntries(board.id, out.period, cohort, mode).catch(() => null);
    const at = all?.findIndex((e) => e.playerId === out.entry.playerId) ?? -1;
    rank = all?.[at]?.rank ?? null;
    if (all && at >= 0) placed = { position: at + 1, total: all.length };
  }
  return {
    entry: toEntry(out.entry, rank, tierAt(board, out.entry.score, placed?.position, placed?.total)),
    updated: out.updated,
    // The previous entry stood among the same cohort total: it was the player's, which this write replaced.
    previous: out.previous ? toEntry(out.previous, oldRank, tierAt(board, out.previous.score, before?.oldRank, before?.total)) : null,
    member: out.member,
    replayed: out.replayed,
  };
}

/** GET /api/tournaments?state=&cursor=&limit= */
export async function listTournaments(deps: Deps, q: { state: TournamentState; limit: number; cursor?: string | undefined }): Promise<TournamentList> {
  const after = q.cursor === undefined ? null : parseTournamentsCursor(q.cursor);
  if (q.cursor !== undefined && (!after || after.state !== q.state)) throw new ApiError('invalid_request', 'Invalid cursor', { cursor: 'must be a nextCursor returned by this endpoint for this state' });
  const now = deps.now();
  const rows = await deps.record.tournaments(q.state, now.toISOString(), after, q.limit + 1);
  const page = rows.slice(0, q.limit);
  return {
    state: q.state,
    tournaments: page.map((b) => ({
      id: b.id,
      name: b.name,
      state: q.state,
      sort: b.sort,
      scoreFormat: b.scoreFormat ?? 'integer',
      startsAt: b.startsAt ?? null,
      endsAt: b.endsAt ?? null,
      currentPeriod: periodKey(b.reset, now),
      nextResetAt: nextResetAt(b.reset, now)?.toISOString() ?? null,
      joined: Number(b.joined),
      rules: b.rules,
    })),
    nextCursor: rows.length > q.limit ? encodeTournamentsCursor({ state: q.state, at: page.at(-1)!.cursorAt, id: page.at(-1)!.id }) : null,
  };
}

/** Verifies every cohort of a period against its members' entries in the record. */
export async function verifyCohorts(deps: Deps, board: RecordBoard, period: string): Promise<(VerifyReport & { cohortId: number })[]> {
  if (!hasCohorts(board)) return [];
  const reports = [];
  for (const { cohortId } of await deps.record.cohorts(board.id, period)) {
    const scope = cohortScope(period, cohortId);
    const report = await verifyPeriod(deps, board, scope, 50, {
      pages: scopePages(deps, board, scope),
      has: async (ids) => {
        const all = await deps.record.cohortEntries(board.id, period, cohortId, 'ordinal');
        const wanted = new Set(ids);
        return new Set(all.filter((e) => wanted.has(e.playerId)).map((e) => e.playerId));
      },
    });
    reports.push({ ...report, period, cohortId });
  }
  return reports;
}

/** Rebuilds every cohort of a period from the record. */
export async function rebuildCohorts(deps: Deps, projection: Projection, board: RecordBoard, period: string): Promise<{ cohortId: number; rebuilt: boolean }[]> {
  if (!hasCohorts(board)) return [];
  const out = [];
  for (const { cohortId } of await deps.record.cohorts(board.id, period)) {
    const scope = cohortScope(period, cohortId);
    out.push({ cohortId, rebuilt: await rebuildPeriod(deps, projection.period(board, scope), board, undefined, scopePages(deps, board, scope)) });
  }
  return out;
}

/** Erasure on a rules board: the memberships go, and the cohorts the player was in are rebuilt on their next read. */
export async function eraseMember(deps: Deps, board: RecordBoard, playerId: string): Promise<string[]> {
  if (!board.rules) return [];
  const gone = await deps.record.memberDelete(board.id, playerId);
  return gone.flatMap((g) => (g.cohortId === null ? [] : [cohortScope(g.period, g.cohortId)]));
}

/** The cohort scopes of a period that left the hot window (the rollover lets their keys expire with the period's). */
export async function cohortScopesOf(deps: Deps, board: RecordBoard, period: string): Promise<string[]> {
  if (!hasCohorts(board)) return [];
  return (await deps.record.cohorts(board.id, period)).map((c) => cohortScope(period, c.cohortId));
}

/** Whether a repair's scope is still in the hot window (a cohort's is its period's). */
export const isHotScope = (board: RecordBoard, scope: string, now: Date, hotPeriods: number): boolean => isHotPeriod(board, parseScope(scope).period, now, hotPeriods);

/**
 * The rollover's league step: each league board's previous period is closed once (lb_league_close
 * is idempotent, so it is asked on every run, and a run that died after lb_rollover is made good by
 * the next). Record only; the new period's cohorts are formed by tier as players join.
 */
export async function closeLeagues(deps: Deps, boards: { board: string; previous: string }[]) {
  const closed = [];
  for (const b of boards) {
    const board = await loadBoard(deps, b.board).catch(() => null);
    if (!board?.rules?.league) continue;
    const out = await deps.record.leagueClose(b.board, b.previous);
    if (out.closed) closed.push({ board: b.board, period: b.previous, promoted: out.promoted ?? 0, demoted: out.demoted ?? 0 });
  }
  return closed;
}

/** GET /api/boards/{board}/league?period=: the moves of a league period (empty until it closes). */
export async function leagueMoves(deps: Deps, boardId: string, q: { period?: string | undefined }): Promise<LeagueMoves> {
  const board = await loadBoard(deps, boardId);
  if (!board.rules?.league) throw new ApiError('not_found', `Board "${board.id}" is not a league`);
  const period = readPeriod(board, q.period, deps.now());
  return { board: board.id, period, moves: await deps.record.leagueMoves(board.id, period) };
}

/** GET …/players/{id}/around on a cohort board: the player's neighbours inside their cohort; null when the board has no cohorts. */
export async function cohortAround(deps: Deps, board: RecordBoard, period: string, playerId: string, radius: number) {
  if (!hasCohorts(board)) return null;
  const member = await deps.record.member(board.id, period, playerId);
  if (!member?.cohortId) return { board: board.id, period, total: 0, entries: null };
  const found = await cohortRead(
    deps,
    board,
    period,
    member.cohortId,
    'run',
    async (p) => {
      const r = await p.around(playerId, radius);
      return r && { total: r.total, entries: r.entries ?? [] };
    },
    (all) => {
      const i = all.findIndex((e) => e.playerId === playerId);
      return { total: all.length, entries: i < 0 ? [] : all.slice(Math.max(0, i - radius), i + radius + 1) };
    },
  );
  return { board: board.id, period, total: found.total, entries: found.entries.length > 0 ? found.entries : null };
}
