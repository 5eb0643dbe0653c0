/**
 * GET …/tiers/{tier}/entries (docs/boards.md "Tiers"): one tier of a board's standings. Every
 * other view tags its entries with their tier (entries.ts tierTag, core/tiers.ts).
 */
import { ApiError, decodeRankKey, encodeCursor, encodeRankKey, parseCursor, tierBounds, type ScoreRange, type Sort, type TierPage } from '../../core/index.ts';
import { loadBoard, readPeriod } from './boards.ts';
import type { Deps } from './deps.ts';
import { toEntries } from './entries.ts';
import { withNames } from './names.ts';
import { countEntries, rankedRead } from './queries.ts';

/** A score range as the record's rank scores (score on asc boards, -score on desc), inclusive. */
const rankScores = (sort: Sort, r: ScoreRange) => (sort === 'asc' ? { lo: r.from, hi: r.to } : { lo: -r.to, hi: -r.from });

const invalidCursor = () => new ApiError('invalid_request', 'Invalid cursor', { cursor: 'must be a nextCursor returned by this endpoint' });

/**
 * GET /api/boards/{board}/tiers/{tier}/entries: one tier in rank order, in live keyset pages. A
 * score tier is a score range (a key range of the projection's sorted set); a percentile tier a
 * run of positions, computed from the period's count read first.
 */
export async function tierEntriesPage(deps: Deps, boardId: string, tier: string, q: { limit: number; cursor?: string | undefined; period?: string | undefined }): Promise<TierPage> {
  const board = await loadBoard(deps, boardId);
  const tiers = board.tiers;
  if (!tiers) throw new ApiError('not_found', `Board "${board.id}" has no tiers`);
  if (!tiers.tiers.some((t) => t.name === tier)) throw new ApiError('not_found', `Board "${board.id}" has no tier "${tier}"`, { tier: `must be one of ${tiers.tiers.map((t) => t.name).join(', ')}` });
  const cursor = q.cursor === undefined ? null : parseCursor(q.cursor);
  if (q.cursor !== undefined && cursor?.kind !== 'live') throw invalidCursor();
  if (cursor?.kind === 'live' && cursor.period && q.period !== undefined && q.period !== cursor.period) {
    throw new ApiError('invalid_request', 'The cursor belongs to another period', { cursor: `continues period ${cursor.period}`, period: "omit it, or give the cursor's period" });
  }
  const period = readPeriod(board, (cursor?.kind === 'live' ? cursor.period : null) ?? q.period, deps.now());
  const rankKey = cursor?.kind === 'live' ? cursor.rankKey : null;
  const after = rankKey === null ? null : decodeRankKey(board.sort, rankKey);
  if (rankKey !== null && !after) throw invalidCursor();

  const total = tiers.by === 'percentile' ? await countEntries(deps, board, period) : 0;
  const bounds = tierBounds(tiers, board.sort, tier, total)!;
  // A score tier's cursor lies inside its score range: anything else is another tier's cursor.
  if (after && bounds.by === 'score' && (after.score < bounds.range.from || after.score > bounds.range.to)) throw invalidCursor();
  const page = await rankedRead(
    deps,
    board,
    period,
    'run',
    (p) => p.tier(bounds, rankKey, q.limit),
    () =>
      deps.record.readTier(
        board.id,
        period,
        q.limit,
        bounds.by === 'score' ? rankScores(board.sort, bounds.range) : bounds,
        after && { rankScore: board.sort === 'desc' ? -after.score : after.score, achievedAtMs: after.achievedAtMs, playerId: after.playerId },
      ),
  );
  const last = page.entries.at(-1);
  const more = last !== undefined && page.entries.length === q.limit && (last.position ?? last.rank) < Number(page.tierEnd);
  return {
    board: board.id,
    period,
    tier,
    total: Number(page.total),
    tierTotal: Number(page.tierTotal),
    entries: await withNames(deps, toEntries(page.entries, () => tier)),
    nextCursor: more ? encodeCursor({ kind: 'live', period, rankKey: encodeRankKey(board.sort, last) }) : null,
  };
}
