/**
 * Moderation (docs/moderation.md): hide, shadow and ban, per board or for every board.
 * The record holds the state and its audit (one SQL call, one transaction); the projection then
 * drops a hidden player from the board's hot periods, and the board's cached views are purged at
 * every edge location, through the same recorded purge as an erasure.
 */
import { ALL_VIEWS_TAG, ApiError, formatPrincipal, periodKey, type ModerationRequest, type ModerationResult, type ModerationState, type Principal } from '../../core/index.ts';
import type { RecordBoard } from '../record/types.ts';
import { isHotPeriod, loadBoard, readPeriod } from './boards.ts';
import type { Deps } from './deps.ts';
import { tierTag, toEntries } from './entries.ts';
import { attemptPurge, boardTags, recordPurge, type PurgeStatus } from './purge.ts';
import { withNames } from './names.ts';
import { playerEntry, recordRanker } from './queries.ts';
import { renumberEach } from './ties.ts';
import { cohortScopesOf } from './tournaments.ts';

/** '*' in the record: every board. */
export const ALL_BOARDS = '*';

/** Updates the hot periods of the boards in scope after the record changed. Best effort: on failure, marks them for repair. */
async function project(deps: Deps, boards: RecordBoard[], periods: { board: string; period: string }[], playerId: string, hide: boolean): Promise<void> {
  const now = deps.now();
  // An every-board action touches every board: a few at a time, so it fits the request's time.
  const queue = [...boards];
  const worker = async () => {
    for (let board = queue.shift(); board; board = queue.shift()) await projectBoard(deps, board, periods, playerId, hide, now);
  };
  await Promise.all(Array.from({ length: Math.min(PROJECT_CONCURRENCY, queue.length) }, worker));
}

/** Boards whose projection an every-board action updates at once. */
const PROJECT_CONCURRENCY = 8;

async function projectBoard(deps: Deps, board: RecordBoard, periods: { board: string; period: string }[], playerId: string, hide: boolean, now: Date): Promise<void> {
  const keys = new Set([periodKey(board.reset, now), ...periods.filter((p) => p.board === board.id).map((p) => p.period)]);
  const hot = [...keys].filter((k) => isHotPeriod(board, k, now, deps.config.hotPeriods));
  for (const period of hot) {
    try {
      const projection = await deps.projection();
      // A cohort board's cohorts are projected apart (docs/tournaments.md), each with its own `:x`.
      for (const scope of [period, ...(await cohortScopesOf(deps, board, period))]) await projection.period(board, scope).moderation[hide ? 'hide' : 'show'](playerId);
    } catch (err) {
      deps.log('warn', 'could not apply moderation to the projection; period marked for repair', { board: board.id, period, error: String(err) });
      await deps.record.requestRepair(board.id, period).catch(() => undefined);
    }
  }
}

/**
 * PUT (set) or DELETE (lift) …/moderation/{playerId}: `board` is a board id, or null for every board.
 * hide and shadow change the public views: the purge is recorded before the change, so it is
 * retried even if this call dies after it. ban changes no view.
 */
export async function changeModeration(
  deps: Deps,
  board: string | null,
  playerId: string,
  body: ModerationRequest,
  principal: Principal,
  set: boolean,
): Promise<{ result: ModerationResult; purge: PurgeStatus | null }> {
  if (board !== null) await loadBoard(deps, board);
  const visible = body.action !== 'ban';
  const all = board === null ? await deps.record.boards() : null;
  // Every board: one tag that every stored view carries (a purge takes at most 30 tags).
  const tags = board === null ? [ALL_VIEWS_TAG] : boardTags(board);
  const purgeId = visible ? await recordPurge(deps, tags, `moderation ${set ? 'set' : 'lift'} ${body.action}`) : null;
  const out = await deps.record.moderationChange({ scope: board ?? ALL_BOARDS, playerId, action: body.action, set, reason: body.reason, actor: formatPrincipal(principal) });
  if (visible && out.changed) {
    const known = new Map((all ?? []).map((b) => [b.id, b]));
    const boards = (await Promise.all(out.boards.map((id) => known.get(id) ?? deps.record.board(id)))).filter((b): b is RecordBoard => b !== null);
    await project(deps, boards, out.periods, playerId, set);
  }
  const purge = visible ? await attemptPurge(deps, purgeId, tags) : null;
  return {
    result: { playerId, scope: board === null ? 'all' : 'board', action: body.action, state: !out.changed ? 'unchanged' : set ? 'set' : 'lifted' },
    purge,
  };
}

/** GET /api/boards/{board}/moderation */
export async function listModeration(deps: Deps, boardId: string): Promise<ModerationState> {
  const board = await loadBoard(deps, boardId);
  return { board: board.id, ...(await deps.record.moderationList(board.id)) };
}

/**
 * GET /api/boards/{board}/me: the signed-in player's own entry. A public player is answered as
 * by the player view; a shadowed one sees their entry ranked among the public entries as if it
 * were one of them (the rank it would have), and a `total` that counts it. A hidden player is not found.
 */
export async function selfEntry(deps: Deps, boardId: string, playerId: string, q: { period?: string | undefined }) {
  try {
    return await playerEntry(deps, boardId, playerId, q);
  } catch (err) {
    if (!(err instanceof ApiError) || err.code !== 'player_not_found') throw err;
    const board = await loadBoard(deps, boardId);
    const period = readPeriod(board, q.period, deps.now());
    const found = await deps.record.readSelf(board.id, period, playerId);
    const mode = board.rankMode ?? 'ordinal';
    const entries = (await renumberEach(mode, found.entries, recordRanker(deps, board, period))) ?? found.entries;
    const e = entries[0];
    if (!e) throw err;
    const percentile = Math.round(((found.total - e.rank + 1) / found.total) * 10000) / 100;
    const [entry] = await withNames(deps, toEntries([e], tierTag(board, found.total)));
    return { entry: entry!, total: found.total, percentile };
  }
}
