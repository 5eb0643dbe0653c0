/** The read side of the API: top pages, players, neighbours, friends, boards. */
import { ApiError, decodeCursor, decodeRankKey, encodeCursor, encodeRankKey, type Board, type EntriesPage, type Entry } from '../../core/index.ts';
import type { RecordBoard } from '../record/types.ts';
import { boardView, loadBoard, readPeriod } from './boards.ts';
import type { Deps } from './deps.ts';
import { toEntries, toEntry } from './entries.ts';
import { readThrough } from './read-through.ts';

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
  const page = await readThrough(
    deps,
    board,
    period,
    (p, space) => p.top(space, period, board.sort, cursorKey, q.limit),
    () => {
      const after = cursorKey ? decodeRankKey(board.sort, cursorKey) : null;
      return deps.record.readTop(board.id, period, q.limit, after && { rankScore: board.sort === 'desc' ? -after.score : after.score, achievedAtMs: after.achievedAtMs, playerId: after.playerId });
    },
  );
  const entries = toEntries(page.entries);
  const last = page.entries.at(-1);
  const more = last !== undefined && page.entries.length === q.limit && last.rank < page.total;
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
  const found = await readThrough(deps, board, period, (p, space) => p.players(space, period, board.sort, [playerId]), () => deps.record.readPlayers(board.id, period, [playerId]));
  const e = found.entries[0];
  if (!e) throw new ApiError('player_not_found', `Player "${playerId}" has no entry in ${board.id} for ${period}`);
  const percentile = Math.round(((found.total - e.rank + 1) / found.total) * 10000) / 100;
  return { entry: toEntry(e, e.rank), total: found.total, percentile };
}

/** GET /api/boards/{board}/players/{playerId}/around */
export async function aroundPlayer(deps: Deps, id: string, playerId: string, q: { radius: number; period?: string | undefined }) {
  const board = await loadBoard(deps, id);
  const period = readPeriod(board, q.period, deps.now());
  const found = await readThrough(deps, board, period, (p, space) => p.around(space, period, board.sort, playerId, q.radius), () => deps.record.readAround(board.id, period, playerId, q.radius));
  if (!found.entries) throw new ApiError('player_not_found', `Player "${playerId}" has no entry in ${board.id} for ${period}`);
  return { board: board.id, period, total: found.total ?? 0, entries: toEntries(found.entries) };
}

/** GET /api/boards/{board}/players?ids= */
export async function someEntries(deps: Deps, id: string, q: { ids: string[]; period?: string | undefined }) {
  const board = await loadBoard(deps, id);
  const period = readPeriod(board, q.period, deps.now());
  const ids = [...new Set(q.ids)];
  const found = await readThrough(deps, board, period, (p, space) => p.players(space, period, board.sort, ids), () => deps.record.readPlayers(board.id, period, ids));
  return { board: board.id, period, total: found.total, entries: toEntries(found.entries) };
}
