/**
 * The board version a snapshot is pinned to (docs/paging.md). This is the only place that
 * says where the version comes from, so the write path can change how it is produced.
 *
 * Today it is the board's `seq` in the record (boards.seq, bumped by every accepted write and
 * committed before the write is mirrored to Valkey and acknowledged). It is read fresh, not
 * from the 2-second board cache, because a snapshot labelled with an older version would not
 * match its content. When the record does not answer within VERSION_WAIT_MS (an outage, where
 * reads must still be served from Valkey), the last board config seen here is used instead; the
 * label may then lag the snapshot's content (docs/paging.md, "Versions").
 */
import type { RecordBoard } from '../record/types.ts';
import { loadBoard } from './boards.ts';
import type { Deps } from './deps.ts';

const VERSION_WAIT_MS = 500;

/** The current version of a board, as a string (its form may change). */
export async function boardVersion(deps: Deps, board: RecordBoard): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), VERSION_WAIT_MS)));
  try {
    const fresh = await Promise.race([deps.record.board(board.id).catch(() => null), late]);
    if (fresh && fresh.incarnation === board.incarnation) return String(fresh.seq);
  } finally {
    clearTimeout(timer);
  }
  deps.log('warn', 'board version unavailable from the record; using the last one seen', { board: board.id });
  return String((await loadBoard(deps, board.id).catch(() => board)).seq);
}
