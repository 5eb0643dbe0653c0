/**
 * Where each player stood when the reader last looked: per board and period, in localStorage, so
 * rows can show how far a player moved since the last visit, and then since the last poll.
 */

/** A row's movement: places gained (positive) or lost (negative), or `new` when not seen before. */
export type Move = number | 'new';

/** Ranks a table showed, by player id. */
export type Ranks = Map<string, number>;

const KEY_PREFIX = 'lb.ranks.v1.';
/** At most this many players per board are remembered (the most recent ones). */
export const MAX_REMEMBERED = 1000;

/** Movement of each entry against `before`; players `before` lacks are `new`, but only when it knew someone. */
export function movesSince(before: Ranks, entries: { playerId: string; rank: number }[]): Map<string, Move> {
  const moves = new Map<string, Move>();
  for (const e of entries) {
    const was = before.get(e.playerId);
    if (was !== undefined) moves.set(e.playerId, was - e.rank);
    else if (before.size > 0) moves.set(e.playerId, 'new');
  }
  return moves;
}

/** `ranks` with `entries` merged in, most recent last, capped to `max`. */
export function mergeRanks(ranks: Ranks, entries: { playerId: string; rank: number }[], max = MAX_REMEMBERED): Ranks {
  const out = new Map(ranks);
  for (const e of entries) {
    out.delete(e.playerId);
    out.set(e.playerId, e.rank);
  }
  for (const id of out.keys()) {
    if (out.size <= max) break;
    out.delete(id);
  }
  return out;
}

/** The text of a move for screen readers and tooltips: "up 2", "down 1", "new", or "" when unchanged. */
export function describeMove(move: Move | undefined): string {
  if (move === undefined || move === 0) return '';
  if (move === 'new') return 'new';
  return move > 0 ? `up ${move}` : `down ${-move}`;
}

type Store = Pick<Storage, 'getItem' | 'setItem'>;

const storage = (): Store | null => {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage disabled (privacy settings, sandboxed frame)
  }
};

/** The ranks remembered for a board's period; empty when none, or when they belong to another period. */
export function loadRanks(board: string, period: string, store: Store | null = storage()): Ranks {
  try {
    const saved = JSON.parse(store?.getItem(KEY_PREFIX + board) ?? 'null') as { period?: string; ranks?: [string, number][] } | null;
    if (!saved || saved.period !== period || !Array.isArray(saved.ranks)) return new Map();
    return new Map(saved.ranks.filter(([id, rank]) => typeof id === 'string' && Number.isInteger(rank)));
  } catch {
    return new Map();
  }
}

/** Saves what the reader has now seen of a board's period. */
export function saveRanks(board: string, period: string, ranks: Ranks, store: Store | null = storage()): void {
  try {
    store?.setItem(KEY_PREFIX + board, JSON.stringify({ period, ranks: [...ranks] }));
  } catch {
    // full or disabled: movement then counts from this visit only
  }
}

/**
 * One table's memory of ranks: starts from the last visit (localStorage), then each render that
 * changes a rank is compared with the one before. `see` returns the moves and persists the new ranks.
 */
export class RankMemory {
  private shown: Ranks;
  /** The last render's ranks and the moves it showed, kept while a render brings no change. */
  private last: { ranks: string; moves: Map<string, Move> } | null = null;
  constructor(
    private readonly board: string,
    private readonly period: string,
    private readonly store: Store | null = storage(),
  ) {
    this.shown = loadRanks(board, period, store);
  }

  see(entries: { playerId: string; rank: number }[]): Map<string, Move> {
    // A render that brings no change (a poll answered with the same standings, a refetch when
    // the live stream opens) keeps the moves on screen: only a change counts from the one before.
    const ranks = entries.map((e) => `${e.playerId}\n${e.rank}`).join('\n');
    if (this.last?.ranks === ranks) return this.last.moves;
    const moves = movesSince(this.shown, entries);
    this.last = { ranks, moves };
    this.shown = mergeRanks(this.shown, entries);
    // Merged with what other tables or tabs saved meanwhile, so none of them loses its players.
    saveRanks(this.board, this.period, mergeRanks(loadRanks(this.board, this.period, this.store), entries), this.store);
    return moves;
  }
}
