/** The read side of the API: top pages, players, neighbours, friends, boards. */
import { ApiError, decodeCursor, decodeRankKey, encodeCursor, encodeRankKey, periodKey, periodWindow, type Board, type EntriesPage, type Entry, type PeriodsPage } from '../../core/index.ts';
import type { Projection } from '../projection/projection.ts';
import type { RankedRecordEntry, RecordBoard } from '../record/types.ts';
import { boardView, loadBoard, readPeriod } from './boards.ts';
import type { Deps } from './deps.ts';
import { toEntries, toEntry } from './entries.ts';
import { readThrough } from './read-through.ts';
import { renumberEach, renumberRun, type TieRanker } from './ties.ts';

/** Tie ranks from the projection (ZLEXCOUNT on the period's sorted sets). */
const projectionRanker = (p: Projection, space: string, period: string, board: RecordBoard): TieRanker => (mode, scores) => p.tieRanks(space, period, board.sort, mode, scores);

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
function rankedRead<T extends { entries: RankedRecordEntry[] | null }>(
  deps: Deps,
  board: RecordBoard,
  period: string,
  how: 'run' | 'each',
  fromProjection: (p: Projection, space: string) => Promise<T | null>,
  fromRecord: () => Promise<T>,
): Promise<T> {
  return readThrough(
    deps,
    board,
    period,
    async (p, space) => withTies(board, await fromProjection(p, space), how, projectionRanker(p, space, period, board)),
    async () => {
      const page = await fromRecord();
      return (await withTies(board, page, how, recordRanker(deps, board, period))) ?? page;
    },
  );
}

/** Number of entries in a board period. */
async function countEntries(deps: Deps, board: RecordBoard, period: string): Promise<number> {
  return readThrough(deps, board, period, (p, space) => p.count(space, period), () => deps.record.count(board.id, period));
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

/** GET /api/boards/{board}/entries */
export async function topEntries(deps: Deps, id: string, q: { limit: number; cursor?: string | undefined; period?: string | undefined }): Promise<EntriesPage> {
  const board = await loadBoard(deps, id);
  const period = readPeriod(board, q.period, deps.now());
  let cursorKey: string | null = null;
  if (q.cursor) {
    cursorKey = decodeCursor(q.cursor);
    if (!cursorKey || !decodeRankKey(board.sort, cursorKey)) throw new ApiError('invalid_request', 'Invalid cursor', { cursor: 'must be a nextCursor returned by this endpoint' });
  }
  const page = await rankedRead(
    deps,
    board,
    period,
    'run',
    (p, space) => p.top(space, period, board.sort, cursorKey, q.limit),
    () => {
      const after = cursorKey ? decodeRankKey(board.sort, cursorKey) : null;
      return deps.record.readTop(board.id, period, q.limit, after && { rankScore: board.sort === 'desc' ? -after.score : after.score, achievedAtMs: after.achievedAtMs, playerId: after.playerId });
    },
  );
  const entries = toEntries(page.entries);
  const last = page.entries.at(-1);
  const more = last !== undefined && page.entries.length === q.limit && (last.position ?? last.rank) < page.total;
  return {
    board: board.id,
    period,
    total: page.total,
    entries,
    nextCursor: more ? encodeCursor(encodeRankKey(board.sort, last)) : null,
  };
}

/** GET /api/boards/{board}/players/{playerId} */
export async function playerEntry(deps: Deps, id: string, playerId: string, q: { period?: string | undefined }): Promise<{ entry: Entry; total: number; percentile: number }> {
  const board = await loadBoard(deps, id);
  const period = readPeriod(board, q.period, deps.now());
  const found = await rankedRead(deps, board, period, 'each', (p, space) => p.players(space, period, board.sort, [playerId]), () => deps.record.readPlayers(board.id, period, [playerId]));
  const e = found.entries[0];
  if (!e) throw new ApiError('player_not_found', `Player "${playerId}" has no entry in ${board.id} for ${period}`);
  const percentile = Math.round(((found.total - e.rank + 1) / found.total) * 10000) / 100;
  return { entry: toEntry(e, e.rank), total: found.total, percentile };
}

/** GET /api/boards/{board}/players/{playerId}/around */
export async function aroundPlayer(deps: Deps, id: string, playerId: string, q: { radius: number; period?: string | undefined }) {
  const board = await loadBoard(deps, id);
  const period = readPeriod(board, q.period, deps.now());
  const found = await rankedRead(deps, board, period, 'run', (p, space) => p.around(space, period, board.sort, playerId, q.radius), () => deps.record.readAround(board.id, period, playerId, q.radius));
  if (!found.entries) throw new ApiError('player_not_found', `Player "${playerId}" has no entry in ${board.id} for ${period}`);
  return { board: board.id, period, total: found.total ?? 0, entries: toEntries(found.entries) };
}

/** GET /api/boards/{board}/players?ids= */
export async function someEntries(deps: Deps, id: string, q: { ids: string[]; period?: string | undefined }) {
  const board = await loadBoard(deps, id);
  const period = readPeriod(board, q.period, deps.now());
  const ids = [...new Set(q.ids)];
  const found = await rankedRead(deps, board, period, 'each', (p, space) => p.players(space, period, board.sort, ids), () => deps.record.readPlayers(board.id, period, ids));
  return { board: board.id, period, total: found.total, entries: toEntries(found.entries) };
}

const toBase64Url = (s: string) => btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64Url = (s: string) => {
  try {
    return atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
};

/** GET /api/boards/{board}/periods: the board's periods newest first, `limit` at a time. */
export async function listPeriods(deps: Deps, id: string, q: { limit: number; cursor?: string | undefined }): Promise<PeriodsPage> {
  const board = await loadBoard(deps, id);
  const now = deps.now();
  let before: string | null = null;
  if (q.cursor) {
    before = fromBase64Url(q.cursor);
    if (!before || !periodWindow(board.reset, before, board, now)) throw new ApiError('invalid_request', 'Invalid cursor', { cursor: 'must be a nextCursor returned by this endpoint' });
  }
  const rows = await deps.record.periodList(board.id, periodKey(board.reset, now), before, q.limit + 1);
  const page = rows.slice(0, q.limit);
  const periods = page.flatMap((r) => {
    const w = periodWindow(board.reset, r.period, board, now);
    return w ? [{ key: r.period, start: w.start, end: w.end, entries: Number(r.entries), state: w.state }] : [];
  });
  return { board: board.id, periods, nextCursor: rows.length > q.limit ? toBase64Url(page.at(-1)!.period) : null };
}
