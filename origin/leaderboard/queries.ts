/** The read side of the API: top pages, players, neighbours, friends, boards. */
import { ApiError, decodeRankKey, encodeCursor, encodePeriodsCursor, encodeRankKey, parseCursor, parsePeriodsCursor, periodKey, periodWindow, type Board, type EntriesPage, type Entry, type Member, type PeriodsPage } from '../../core/index.ts';
import type { PeriodProjection } from '../projection/period.ts';
import type { SnapshotPage, WholeBoardPage } from '../projection/snapshot.ts';
import type { RankedPage } from '../record/leaderboard-record.ts';
import type { RankedRecordEntry, RecordBoard } from '../record/types.ts';
import { boardView, loadBoard, readPeriod, staleWindows } from './boards.ts';
import type { Deps } from './deps.ts';
import { tierTag, toEntries } from './entries.ts';
import { readThrough } from './read-through.ts';
import { noteVersion } from './version.ts';
import { projectionRanker, renumberEach, renumberRun, type TieRanker } from './ties.ts';
import { namesFor, namesForPage } from './names.ts';
import { cohortAround, rulesPlayerView } from './tournaments.ts';

/** Tie ranks from the record (lb_tie_ranks: the numbers of rank() and dense_rank()). */
export const recordRanker = (deps: Deps, board: RecordBoard, period: string): TieRanker => (mode, scores) =>
  deps.record.tieRanks(board.id, period, mode, scores.map((s) => (board.sort === 'desc' ? -s : s)));

/** Renumbers a page's entries in the board's tie mode with ranks from the store that read it; null when that store can't say. */
async function withTies<T extends { entries: RankedRecordEntry[] | null }>(board: RecordBoard, page: T | null, how: 'run' | 'each', ranker: TieRanker): Promise<T | null> {
  const mode = board.rankMode ?? 'ordinal';
  if (!page?.entries || mode === 'ordinal') return page;
  const entries = await (how === 'run' ? renumberRun : renumberEach)(mode, page.entries, ranker);
  return entries && { ...page, entries };
}

/** A read with tie ranks: from the projection when it can answer, else from the record, each numbering its own page. */
export function rankedRead<T extends { entries: RankedRecordEntry[] | null }>(
  deps: Deps,
  board: RecordBoard,
  period: string,
  how: 'run' | 'each',
  fromProjection: (p: PeriodProjection) => Promise<T | null>,
  fromRecord: () => Promise<T>,
): Promise<T> {
  return readThrough(
    deps,
    board,
    period,
    async (p) => withTies(board, await fromProjection(p), how, projectionRanker(p)),
    async () => {
      const page = await fromRecord();
      return (await withTies(board, page, how, recordRanker(deps, board, period))) ?? page;
    },
  );
}

/** Number of entries in a board period. */
export async function countEntries(deps: Deps, board: RecordBoard, period: string): Promise<number> {
  return readThrough(deps, board, period, (p) => p.count(), () => deps.record.count(board.id, period));
}

/** GET /api/boards/{board} */
export async function getBoard(deps: Deps, id: string): Promise<Board> {
  const board = await loadBoard(deps, id);
  const now = deps.now();
  return boardView(board, await countEntries(deps, board, readPeriod(board, undefined, now)), now);
}

/** GET /api/boards */
export async function listBoards(deps: Deps): Promise<Board[]> {
  const now = deps.now();
  const boards = await deps.record.boards();
  return Promise.all(boards.map(async (b) => boardView(b, await countEntries(deps, b, readPeriod(b, undefined, now)), now)));
}

/** How the edge may cache a top page; null means the board's own cacheSeconds. */
export interface PageCaching {
  maxAgeSeconds: number;
  /** The page is part of a pinned snapshot: the same URL always gets the same answer. */
  immutable: boolean;
  /** The board's stale windows (docs/edge-cache.md), so the edge's bounds hold for these pages too. */
  staleSeconds: number;
  staleIfErrorSeconds: number;
}

const invalidCursor = () => new ApiError('invalid_request', 'Invalid cursor', { cursor: 'must be a nextCursor returned by this endpoint' });

/**
 * A page from a snapshot, with the cursor that continues the walk (docs/paging.md). In a tie mode
 * the numbers come from the snapshot's own entries: it holds the standings from rank 1, so the
 * number of the page's first entry (`firstShown`, counted by the snapshot script) and the page
 * itself give every number, as the standings stood at the snapshot's version.
 */
async function fromSnapshot(board: RecordBoard, period: string, sp: SnapshotPage, offset: number): Promise<EntriesPage> {
  const { snapshot } = sp;
  const shown = sp.firstShown;
  const entries = (await withTies(board, sp, 'run', async () => [shown]))?.entries ?? sp.entries;
  const end = offset + entries.length;
  const last = sp.entries.at(-1);
  let nextCursor: string | null = null;
  if (last && end < snapshot.size) nextCursor = encodeCursor({ kind: 'snapshot', snapshotId: snapshot.id, period, offset: end });
  // Past the snapshot's top K the walk goes on live, after the snapshot's last entry.
  else if (last && snapshot.total > snapshot.size) nextCursor = encodeCursor({ kind: 'live', period, rankKey: encodeRankKey(board.sort, last) });
  return {
    board: board.id,
    period,
    total: snapshot.total,
    entries: toEntries(entries, tierTag(board, snapshot.total)),
    nextCursor,
    snapshot: { version: snapshot.version, takenAt: new Date(snapshot.takenAtMs).toISOString(), size: snapshot.size },
  };
}

/** A live page (keyset after the cursor's rank key, or a page that holds the whole board). */
function livePage(board: RecordBoard, period: string, page: { total: number; entries: RankedRecordEntry[] }, limit: number): EntriesPage {
  const last = page.entries.at(-1);
  const more = last !== undefined && page.entries.length === limit && (last.position ?? last.rank) < page.total;
  return {
    board: board.id,
    period,
    total: page.total,
    entries: toEntries(page.entries, tierTag(board, page.total)),
    nextCursor: more ? encodeCursor({ kind: 'live', period, rankKey: encodeRankKey(board.sort, last) }) : null,
    snapshot: null,
  };
}

/**
 * GET /api/boards/{board}/entries, with how the edge may cache the answer.
 * A first page of a hot period pins a snapshot (unless `pin` is false or one page holds the whole
 * board); a snapshot cursor reads that snapshot, or 410 once it expired; a live cursor resumes
 * a keyset walk (past a snapshot's top K, in past periods, and after a first page the record answered).
 * `minVersion` (a read that follows a write, minSeq) shares a recent snapshot only if it holds that version.
 * A snapshot page carries the snapshot's version (version.ts), however new the period is.
 */
export async function topEntriesPage(
  deps: Deps,
  id: string,
  q: { limit: number; cursor?: string | undefined; period?: string | undefined },
  o: { pin?: boolean; minVersion?: number } = {},
): Promise<{ page: EntriesPage; caching: PageCaching | null }> {
  const named = namesForPage(deps, JSON.stringify(['top', id, q.period, q.cursor, q.limit]));
  const out = await topPage(deps, id, q, o);
  return { ...out, page: { ...out.page, entries: await named(out.page.entries) } };
}

/** topEntriesPage without display names. */
async function topPage(
  deps: Deps,
  id: string,
  q: { limit: number; cursor?: string | undefined; period?: string | undefined },
  o: { pin?: boolean; minVersion?: number },
): Promise<{ page: EntriesPage; caching: PageCaching | null }> {
  const board = await loadBoard(deps, id);
  const cursor = q.cursor === undefined ? null : parseCursor(q.cursor);
  if (q.cursor !== undefined && !cursor) throw invalidCursor();
  if (cursor?.period && q.period !== undefined && q.period !== cursor.period) {
    throw new ApiError('invalid_request', 'The cursor belongs to another period', { cursor: `continues period ${cursor.period}`, period: 'omit it, or give the cursor\'s period' });
  }
  const period = readPeriod(board, cursor?.period ?? q.period, deps.now());
  const snap = deps.config.snapshot;

  if (cursor?.kind === 'snapshot') {
    let sp: SnapshotPage | null;
    try {
      const projection = (await deps.projection()).period(board, period);
      sp = await projection.snapshots.nextPage(cursor.snapshotId, cursor.offset, q.limit);
      // A snapshot taken before a moderation change holds a player it no longer shows, or lacks one: its ranks are no longer exact (docs/moderation.md).
      if (sp && sp.snapshot.takenAtMs <= (await projection.moderation.changedAt())) sp = null;
    } catch (err) {
      deps.log('warn', 'snapshot unavailable', { board: board.id, period, error: String(err) });
      throw new ApiError('unavailable', 'The snapshot this cursor pages through cannot be read right now; retry shortly', undefined, 1);
    }
    if (!sp) {
      throw new ApiError('snapshot_expired', `This cursor's snapshot has expired or is unknown (snapshots live ${snap.ttlSeconds} s after a walk starts). Start again from the first page, without a cursor.`, {
        cursor: 'expired',
        restart: `/api/boards/${board.id}/entries?period=${period}`,
      });
    }
    noteVersion(deps, Number(sp.snapshot.version));
    return { page: await fromSnapshot(board, period, sp, cursor.offset), caching: { maxAgeSeconds: Math.floor(sp.ttlMs / 1000), immutable: true, ...staleWindows(board) } };
  }

  if (cursor === null && o.pin !== false) {
    const first = await readThrough<SnapshotPage | WholeBoardPage | RankedPage>(
      deps,
      board,
      period,
      (p) => p.snapshots.firstPage(q.limit, { topK: snap.topK, ttlMs: snap.ttlSeconds * 1000, shareMs: snap.shareMs, minVersion: o.minVersion ?? 0 }),
      () => deps.record.readTop(board.id, period, q.limit, null),
    );
    if ('kind' in first && first.kind === 'snapshot') {
      noteVersion(deps, Number(first.snapshot.version));
      // The first page must not outlive its snapshot in a cache: leave walkers time to page through.
      return { page: await fromSnapshot(board, period, first, 0), caching: { maxAgeSeconds: Math.min(board.cacheSeconds, Math.floor(first.ttlMs / 2000)), immutable: false, ...staleWindows(board) } };
    }
    // A first page starts at rank 1, which is 1 in every tie mode: it needs no lookup.
    const ranked = (await withTies(board, first, 'run', async () => [1])) ?? first;
    return { page: livePage(board, period, ranked, q.limit), caching: null };
  }

  const rankKey = cursor?.kind === 'live' ? cursor.rankKey : null;
  const after = rankKey === null ? null : decodeRankKey(board.sort, rankKey);
  if (rankKey !== null && !after) throw invalidCursor();
  const page = await rankedRead(
    deps,
    board,
    period,
    'run',
    (p) => p.top(rankKey, q.limit),
    () => deps.record.readTop(board.id, period, q.limit, after && { rankScore: board.sort === 'desc' ? -after.score : after.score, achievedAtMs: after.achievedAtMs, playerId: after.playerId }),
  );
  return { page: livePage(board, period, page, q.limit), caching: null };
}

/** GET /api/boards/{board}/entries (the page only). */
export async function topEntries(deps: Deps, id: string, q: { limit: number; cursor?: string | undefined; period?: string | undefined }, o: { pin?: boolean } = {}): Promise<EntriesPage> {
  return (await topEntriesPage(deps, id, q, o)).page;
}

/** GET /api/boards/{board}/players/{playerId} */
export async function playerEntry(deps: Deps, id: string, playerId: string, q: { period?: string | undefined }): Promise<{ entry: Entry; total: number; percentile: number; member?: Member }> {
  const board = await loadBoard(deps, id);
  const period = readPeriod(board, q.period, deps.now());
  // A rules board adds the player's membership, and a cohort board answers inside the cohort (tournaments.ts).
  if (board.rules) return rulesPlayerView(deps, board, period, playerId, () => boardWidePlayer(deps, board, period, playerId));
  return boardWidePlayer(deps, board, period, playerId);
}

async function boardWidePlayer(deps: Deps, board: RecordBoard, period: string, playerId: string): Promise<{ entry: Entry; total: number; percentile: number }> {
  const named = namesFor(deps, [playerId]);
  const found = await rankedRead(deps, board, period, 'each', (p) => p.players([playerId]), () => deps.record.readPlayers(board.id, period, [playerId]));
  const e = found.entries[0];
  if (!e) throw new ApiError('player_not_found', `Player "${playerId}" has no entry in ${board.id} for ${period}`);
  const percentile = Math.round(((found.total - e.rank + 1) / found.total) * 10000) / 100;
  const [entry] = await named(toEntries([e], tierTag(board, found.total)));
  return { entry: entry!, total: found.total, percentile };
}

/** GET /api/boards/{board}/players/{playerId}/around */
export async function aroundPlayer(deps: Deps, id: string, playerId: string, q: { radius: number; period?: string | undefined }) {
  const named = namesForPage(deps, JSON.stringify(['around', id, q.period, playerId, q.radius]));
  const board = await loadBoard(deps, id);
  const period = readPeriod(board, q.period, deps.now());
  // On a cohort board the neighbours are the player's cohort's (tournaments.ts).
  const found =
    (await cohortAround(deps, board, period, playerId, q.radius)) ??
    (await rankedRead(deps, board, period, 'run', (p) => p.around(playerId, q.radius), () => deps.record.readAround(board.id, period, playerId, q.radius)));
  if (!found.entries) throw new ApiError('player_not_found', `Player "${playerId}" has no entry in ${board.id} for ${period}`);
  const total = found.total ?? 0;
  return { board: board.id, period, total, entries: await named(toEntries(found.entries, tierTag(board, total))) };
}

/** GET /api/boards/{board}/players?ids= */
export async function someEntries(deps: Deps, id: string, q: { ids: string[]; period?: string | undefined }) {
  const board = await loadBoard(deps, id);
  const period = readPeriod(board, q.period, deps.now());
  const ids = [...new Set(q.ids)];
  const named = namesFor(deps, ids);
  const found = await rankedRead(deps, board, period, 'each', (p) => p.players(ids), () => deps.record.readPlayers(board.id, period, ids));
  return { board: board.id, period, total: found.total, entries: await named(toEntries(found.entries, tierTag(board, found.total))) };
}

/** GET /api/boards/{board}/periods: the board's periods newest first, `limit` at a time. */
export async function listPeriods(deps: Deps, id: string, q: { limit: number; cursor?: string | undefined }): Promise<PeriodsPage> {
  const board = await loadBoard(deps, id);
  const now = deps.now();
  let before: string | null = null;
  if (q.cursor) {
    before = parsePeriodsCursor(q.cursor);
    if (!before || !periodWindow(board.reset, before, board, now)) throw new ApiError('invalid_request', 'Invalid cursor', { cursor: 'must be a nextCursor returned by this endpoint' });
  }
  const rows = await deps.record.periodList(board.id, periodKey(board.reset, now), before, q.limit + 1);
  const page = rows.slice(0, q.limit);
  const periods = page.flatMap((r) => {
    const w = periodWindow(board.reset, r.period, board, now);
    return w ? [{ key: r.period, start: w.start, end: w.end, entries: Number(r.entries), state: w.state }] : [];
  });
  return { board: board.id, periods, nextCursor: rows.length > q.limit ? encodePeriodsCursor(page.at(-1)!.period) : null };
}
