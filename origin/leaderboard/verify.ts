/**
 * Compares the projection of one board period with the record, entry by entry.
 * Walks the record in player order, looks each page up in Valkey, and then looks for players
 * that only Valkey has. Meant for quiet moments (after a test run, from the admin CLI):
 * a write landing mid-walk can show up as a transient difference.
 */
import { encodeRankKey, scorePrefix } from '../../core/index.ts';
import type { RecordBoard, RecordEntry } from '../record/types.ts';
import type { Deps } from './deps.ts';

export type DifferenceKind = 'missing' | 'extra' | 'mismatch';

export interface Difference {
  playerId: string;
  kind: DifferenceKind;
  /** For a mismatch: the fields that differ. */
  fields?: (keyof RecordEntry)[];
}

export interface VerifyReport {
  board: string;
  period: string;
  /** False when the projection is missing or stale; the next read rebuilds it, nothing to compare. */
  ready: boolean;
  recordEntries: number;
  projectionEntries: number;
  differences: number;
  /** The first differences found, at most `sampleSize`. */
  sample: Difference[];
  /**
   * The distinct-score structures behind dense ranks (keys.ts :d and :n), checked against the
   * record's count of entries per score. `covered` is false on a period built before they
   * existed (a dense read rebuilds it); `differences` is counted in the total above too.
   */
  scoreCounts: { covered: boolean; distinct: number; differences: number };
}

/** JSON with object keys sorted, so metadata compares by value. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj).sort().map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(',')}}`;
}

/** The fields of two entries of one player that differ. */
export function differingFields(record: RecordEntry, projection: RecordEntry): (keyof RecordEntry)[] {
  const fields: (keyof RecordEntry)[] = [];
  if (record.score !== projection.score) fields.push('score');
  if (record.achievedAtMs !== projection.achievedAtMs) fields.push('achievedAtMs');
  if (record.seq !== projection.seq) fields.push('seq');
  if (canonical(record.metadata ?? null) !== canonical(projection.metadata ?? null)) fields.push('metadata');
  return fields;
}

/** What the record holds for a scope other than a whole period (a cohort, cohorts.ts): its entries, and which of some players are in it. */
export interface VerifySource {
  pages: () => AsyncIterable<RecordEntry[]>;
  has: (playerIds: string[]) => Promise<Set<string>>;
}

export async function verifyPeriod(deps: Deps, board: RecordBoard, period: string, sampleSize = 50, source?: VerifySource): Promise<VerifyReport> {
  const projection = (await deps.projection()).period(board, period);
  const report: VerifyReport = { board: board.id, period, ready: false, recordEntries: 0, projectionEntries: 0, differences: 0, sample: [], scoreCounts: { covered: false, distinct: 0, differences: 0 } };
  const note = (d: Difference) => {
    report.differences += 1;
    if (report.sample.length < sampleSize) report.sample.push(d);
  };

  const count = await projection.count();
  if (count === null) return report;
  report.projectionEntries = count;

  const pageSize = deps.config.rebuildPageSize;
  let found = 0;
  const perScore = new Map<string, number>();
  for await (const entries of source ? source.pages() : deps.record.exportPages(board.id, period, pageSize)) {
    report.recordEntries += entries.length;
    for (const e of entries) {
      const prefix = scorePrefix(board.sort, e.score);
      perScore.set(prefix, (perScore.get(prefix) ?? 0) + 1);
    }
    const mirrored = await projection.players(entries.map((e) => e.playerId));
    if (mirrored === null) return { ...report, ready: false };
    const byPlayer = new Map(mirrored.entries.map((e) => [e.playerId, e]));
    for (const entry of entries) {
      const twin = byPlayer.get(entry.playerId);
      if (!twin) {
        note({ playerId: entry.playerId, kind: 'missing' });
        continue;
      }
      found += 1;
      const fields = differingFields(entry, twin);
      if (fields.length > 0) note({ playerId: entry.playerId, kind: 'mismatch', fields });
    }
  }

  // Players only Valkey has: walk the projection in rank order and ask the record about each page.
  if (found < count) {
    let cursor: string | null = null;
    for (;;) {
      const page = await projection.top(cursor, pageSize);
      if (page === null) return { ...report, ready: false };
      if (page.entries.length === 0) break;
      const ids = page.entries.map((e) => e.playerId);
      const inRecord = source ? await source.has(ids) : new Set((await deps.record.readPlayers(board.id, period, ids)).entries.map((e) => e.playerId));
      for (const e of page.entries) if (!inRecord.has(e.playerId)) note({ playerId: e.playerId, kind: 'extra' });
      if (page.entries.length < pageSize) break;
      cursor = encodeRankKey(board.sort, page.entries.at(-1)!);
    }
  }
  const counts = await projection.scoreCounts();
  if (counts === null) return { ...report, ready: false };
  report.scoreCounts = { covered: counts.ties, distinct: counts.distinct, differences: 0 };
  if (counts.ties) {
    let off = counts.distinct === perScore.size ? 0 : 1;
    for (const [prefix, n] of perScore) if (counts.counts.get(prefix) !== n) off += 1;
    for (const prefix of counts.counts.keys()) if (!perScore.has(prefix)) off += 1;
    report.scoreCounts.differences = off;
    report.differences += off;
  }
  report.ready = true;
  return report;
}
