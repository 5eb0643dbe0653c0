/** Answers a read from the projection, rebuilding it when missing, or from the record meanwhile. */
import type { PeriodProjection } from '../projection/period.ts';
import type { RecordBoard, RecordEntry } from '../record/types.ts';
import { isHotPeriod } from './boards.ts';
import type { Deps } from './deps.ts';
import { rebuildPeriod } from './rebuild.ts';
import { noteVersion } from './version.ts';

/**
 * Runs `fromProjection`; null means the projection is not ready, so one caller rebuilds it
 * under the lock and reads again, while everyone else is answered by `fromRecord`.
 * Valkey errors also fall back to the record. Old periods are always read from the record.
 * The answer's version (version.ts): from the projection, the lowest version its read scripts
 * saw with their data; from the record, the period's version read before the record is asked, so
 * the record's answer reflects every write acknowledged up to it; without either, 0.
 * A cohort's scope (cohorts.ts) passes its period (for the hot window) and its members' entries.
 */
export async function readThrough<T>(
  deps: Deps,
  board: RecordBoard,
  period: string,
  fromProjection: (p: PeriodProjection) => Promise<T | null>,
  fromRecord: () => Promise<T>,
  scope: { hotPeriod?: string; pages?: () => AsyncIterable<RecordEntry[]> } = {},
): Promise<T> {
  let version: number | null = null;
  try {
    if (!isHotPeriod(board, scope.hotPeriod ?? period, deps.now(), deps.config.hotPeriods)) return await fromRecord();
    try {
      const projection = (await deps.projection()).period(board, period);
      const started = performance.now();
      const first = await fromProjection(projection);
      deps.metrics?.time('ProjectionCall', performance.now() - started);
      // The version each read script saw with its data (none: no guarantee, 0).
      if (first !== null) {
        version = projection.readVersion() ?? 0;
        return first;
      }
      if (await rebuildPeriod(deps, projection, board, undefined, scope.pages)) {
        const second = await fromProjection(projection);
        if (second !== null) {
          version = projection.readVersion() ?? 0;
          return second;
        }
      }
      // The record answers after this, so it reflects every write acknowledged up to the version now.
      version = await projection.version();
    } catch (err) {
      deps.log('warn', 'projection unavailable, reading from the record', { board: board.id, period, error: String(err) });
    }
    return await fromRecord();
  } finally {
    noteVersion(deps, version);
  }
}
