/**
 * The board version a snapshot is pinned to (docs/paging.md). This is the only place that
 * says where the version comes from, so the write path can change how it is produced.
 *
 * Today it is the board's `seq` in the record (boards.seq, bumped by every accepted write and
 * committed before the write is mirrored to Valkey and acknowledged). It is read fresh, not
 * from the 2-second board cache, because a snapshot labelled with an older version would not
 * match its content. When the record cannot be reached, the last board config seen here is
 * used (the version may then lag the snapshot's content; see docs/paging.md).
 */
import { ApiError } from '../../core/index.ts';
import type { RecordBoard } from '../record/types.ts';
import { loadBoard } from './boards.ts';
import type { Deps } from './deps.ts';

/** The current version of a board, as a string (its form may change). */
export async function boardVersion(deps: Deps, board: RecordBoard): Promise<string> {
  try {
    const fresh = await deps.record.board(board.id);
    if (fresh && fresh.incarnation === board.incarnation) return String(fresh.seq);
  } catch (err) {
    if (!(err instanceof ApiError && err.code === 'unavailable')) throw err;
  }
  return String((await loadBoard(deps, board.id).catch(() => board)).seq);
}
