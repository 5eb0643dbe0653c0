/** Board configuration: a short-lived per-environment cache over the record, and the API view. */
import { ApiError, DEFAULT_STALE_IF_ERROR_SECONDS, MAX_STALE_SECONDS, nextResetAt, periodKey, periodStart, periodWindow, resolvePeriod, type Board } from '../../core/index.ts';
import type { RecordBoard } from '../record/types.ts';
import type { Deps } from './deps.ts';

const TTL_MS = 2000;
const cache = new Map<string, { board: RecordBoard | null; at: number }>();

/**
 * The board's config, cached for 2 s in this environment; throws board_not_found. While the
 * record is unavailable, the last config seen here is used, so reads can still be answered
 * from Valkey (writes fail at the record anyway).
 */
export async function loadBoard(deps: Deps, id: string): Promise<RecordBoard> {
  const hit = cache.get(id);
  const now = Date.now();
  let board = hit && now - hit.at < TTL_MS ? hit.board : undefined;
  if (board === undefined) {
    try {
      board = await deps.record.board(id);
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 'unavailable' && hit?.board)) throw err;
      deps.log('warn', 'record unavailable; using the last known board config', { board: id });
      deps.loadedBoards?.set(id, hit.board);
      return hit.board;
    }
    cache.set(id, { board, at: now });
  }
  if (!board) throw new ApiError('board_not_found', `Board "${id}" does not exist`);
  deps.loadedBoards?.set(id, board);
  return board;
}

/** The board as the record holds it now (its last source sync, say), not this instance's cached copy. */
export function loadFreshBoard(deps: Deps, id: string): Promise<RecordBoard> {
  cache.delete(id);
  return loadBoard(deps, id);
}

/** Updates or drops the cached config after a local change. */
export function rememberBoard(id: string, board: RecordBoard | null): void {
  cache.set(id, { board, at: Date.now() });
}

/** The period a read asks for, validated against the board's reset; throws invalid_request. */
export function readPeriod(board: RecordBoard, requested: string | undefined, now: Date): string {
  const check = resolvePeriod(board.reset, requested, now);
  if (!check.ok) throw new ApiError('invalid_request', 'Invalid period', { period: check.reason });
  // The board's retention starts when it was created: a period that ended before then cannot exist.
  if (!check.current && board.reset !== 'never') {
    const end = nextResetAt(board.reset, periodStart(board.reset, check.key) as Date);
    if (end && end.getTime() <= board.incarnation / 1000) throw new ApiError('invalid_request', 'Invalid period', { period: 'the board did not exist in that period' });
  }
  return check.key;
}

/** True when a period is one of the board's recent periods kept hot in Valkey. */
export function isHotPeriod(board: RecordBoard, period: string, now: Date, hotPeriods: number): boolean {
  if (board.reset === 'never') return true;
  let key = periodKey(board.reset, now);
  for (let i = 0; i < hotPeriods; i++) {
    if (key === period) return true;
    const s = periodStart(board.reset, key);
    if (!s) return false;
    key = periodKey(board.reset, new Date(s.getTime() - 1));
  }
  return false;
}

/** A board's stale windows at the edge (docs/edge-cache.md), with the defaults for a record that has none. */
export function staleWindows(board: RecordBoard): { staleSeconds: number; staleIfErrorSeconds: number } {
  return {
    staleSeconds: Math.min(board.staleSeconds ?? board.cacheSeconds, MAX_STALE_SECONDS),
    staleIfErrorSeconds: board.staleIfErrorSeconds ?? DEFAULT_STALE_IF_ERROR_SECONDS,
  };
}

/** The public view of a board. */
export function boardView(board: RecordBoard, entries: number, now: Date): Board {
  const next = nextResetAt(board.reset, now);
  return {
    id: board.id,
    name: board.name,
    sort: board.sort,
    operator: board.operator,
    reset: board.reset,
    writers: board.writers,
    minScore: board.minScore,
    maxScore: board.maxScore,
    cacheSeconds: board.cacheSeconds,
    ...staleWindows(board),
    currentPeriod: periodKey(board.reset, now),
    nextResetAt: next ? next.toISOString() : null,
    entries,
    rankMode: board.rankMode ?? 'ordinal',
    scoreFormat: board.scoreFormat ?? 'integer',
    startsAt: board.startsAt ?? null,
    endsAt: board.endsAt ?? null,
    tournament: board.rules ?? null,
    tiers: board.tiers ?? null,
  };
}

/** True when a period of this board has ended (by its reset or the board's endsAt): its pages never change. */
export function isClosedPeriod(board: RecordBoard, period: string, now: Date): boolean {
  return periodWindow(board.reset, period, board, now)?.state === 'closed';
}
