/** Rebuilding a board period's projection from the record, under a lock. */
import type { PeriodProjection } from '../projection/period.ts';
import type { RecordBoard, RecordEntry } from '../record/types.ts';
import type { Deps } from './deps.ts';

const LOCK_TTL_MS = 120_000;

/**
 * Rebuilds one period, the one `projection` is bound to, if no one else is rebuilding it.
 * Returns true when this call rebuilt it and the projection is ready; false when another
 * caller holds the lock or a write marked it
 * stale meanwhile (the next read then tries again). `pages` is what the period holds, from the
 * record: by default its entries (a cohort's scope passes its members' entries, cohorts.ts).
 */
export async function rebuildPeriod(
  deps: Deps,
  projection: PeriodProjection,
  board: RecordBoard,
  onPage?: (done: number) => void,
  pages: () => AsyncIterable<RecordEntry[]> = () => deps.record.exportPages(board.id, projection.period, deps.config.rebuildPageSize),
): Promise<boolean> {
  const period = projection.period;
  deps.metrics?.count('RebuildsRequested');
  const token = await projection.lock(LOCK_TTL_MS);
  if (!token) return false;
  const started = Date.now();
  try {
    const generation = await projection.beginRebuild();
    // Players moderation hides stay out of the period (docs/moderation.md); the export leaves their entries out too.
    await projection.moderation.setHidden(generation, await deps.record.moderationHidden(board.id));
    let done = 0;
    for await (const entries of pages()) {
      await projection.apply(entries, false);
      done += entries.length;
      onPage?.(done);
    }
    const ready = await projection.finishRebuild(generation);
    deps.log('info', 'projection rebuilt', { board: board.id, period, entries: done, ready, ms: Date.now() - started });
    if (ready) deps.metrics?.count('RebuildsDone');
    return ready;
  } finally {
    await projection.unlock(token).catch(() => undefined);
  }
}
