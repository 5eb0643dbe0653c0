/** Boards filled through the API for the browser tests. */
import { api, createBoard, SERVER, uniqueBoard } from '../helpers.ts';

/** A new board with `scores` (player id -> score), written in one batch. */
export async function boardWith(scores: Record<string, number>, cfg: Record<string, unknown> = {}, prefix = 'web'): Promise<string> {
  const board = uniqueBoard(prefix);
  await createBoard(board, cfg);
  const entries = Object.entries(scores).map(([playerId, score]) => ({ playerId, score }));
  if (entries.length) {
    const res = await api('POST', `/api/boards/${board}/scores/batch`, { token: SERVER(), body: { entries } });
    if (res.status !== 200) throw new Error(`batch: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return board;
}

/** `count` players p-1..p-count, where p-i has score 1000 - i (so p-i is rank i on a desc board). */
export const numberedPlayers = (count: number): Record<string, number> =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`p-${i + 1}`, 1000 - (i + 1)]));
