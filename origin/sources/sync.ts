/**
 * Source sync: pulls a board's external JSON source and upserts it through the batch path.
 * Bad rows are reported and skipped; rows that would change nothing are not sent, so a second
 * run over the same document writes nothing. A failing source leaves the board as it was and
 * is recorded in the board's source status.
 */
import { ApiError, extractRows, periodKey, type BadRow, type SubmitScore } from '../../core/index.ts';
import { submitBatch } from '../leaderboard/commands.ts';
import { loadBoard } from '../leaderboard/boards.ts';
import type { Deps } from '../leaderboard/deps.ts';
import type { RecordBoard, RecordEntry, SourceStatus } from '../record/types.ts';
import { eachInTime } from '../tasks/in-time.ts';
import { fetchSource, SourceError } from './fetch-source.ts';

export const SYNC_PRINCIPAL = { kind: 'server', keyId: 'source-sync' } as const;
const CHUNK = 1000;
const MAX_REPORTED_BAD_ROWS = 100;

export interface SyncReport extends SourceStatus {
  board: string;
  period: string | null;
  /** The first bad rows, at most 100; `skipped` counts them all. */
  badRows: BadRow[];
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** True when submitting `row` over `current` would leave the entry as it is. */
function unchanged(board: RecordBoard, row: SubmitScore, current: RecordEntry | undefined): boolean {
  if (!current) return false;
  if (board.operator === 'best') return board.sort === 'desc' ? current.score >= row.score : current.score <= row.score;
  return current.score === row.score && sameJson(current.metadata, row.metadata);
}

async function currentEntries(deps: Deps, board: RecordBoard, period: string): Promise<Map<string, RecordEntry>> {
  const map = new Map<string, RecordEntry>();
  for await (const entries of deps.record.exportPages(board.id, period, deps.config.rebuildPageSize)) for (const e of entries) map.set(e.playerId, e);
  return map;
}

export async function syncBoard(deps: Deps, boardId: string): Promise<SyncReport> {
  const board = await loadBoard(deps, boardId);
  const report: SyncReport = { board: board.id, period: null, at: deps.now().toISOString(), ok: false, rows: 0, applied: 0, unchanged: 0, skipped: 0, badRows: [] };
  const finish = async (error?: string): Promise<SyncReport> => {
    report.ok = !error;
    if (error) report.error = error;
    const { board: _b, period: _p, badRows: _r, ...status } = report;
    await deps.record.setSourceStatus(board.id, status);
    deps.log(error ? 'warn' : 'info', 'source sync', { ...status, board: board.id });
    deps.metrics?.count(error ? 'SourceSyncsFailed' : 'SourceSyncs');
    deps.metrics?.count('SourceRowsApplied', report.applied);
    return report;
  };
  if (!board.source) return finish('The board has no source');

  let doc: unknown;
  try {
    doc = await fetchSource(board.source.url, deps.config.source, (err, n) => deps.log('warn', 'source fetch failed; retrying', { board: board.id, attempt: n, error: err.message }));
  } catch (err) {
    return finish(err instanceof SourceError ? err.message : 'Fetch failed');
  }
  const extracted = extractRows(doc, board.source);
  if ('error' in extracted) return finish(extracted.error);

  const bad = [...extracted.bad];
  const inBounds = extracted.rows.filter((row, i) => {
    const ok = (board.minScore === null || row.score >= board.minScore) && (board.maxScore === null || row.score <= board.maxScore);
    if (!ok) bad.push({ index: i, playerId: row.playerId, reason: 'score is outside the board bounds' });
    return ok;
  });
  report.period = periodKey(board.reset, deps.now());
  const current = await currentEntries(deps, board, report.period);
  const changed = inBounds.filter((row) => !unchanged(board, row, current.get(row.playerId)));

  report.rows = extracted.rows.length + extracted.bad.length;
  report.skipped = bad.length;
  report.badRows = bad.slice(0, MAX_REPORTED_BAD_ROWS);
  report.unchanged = inBounds.length - changed.length;
  try {
    for (let i = 0; i < changed.length; ) {
      let out;
      try {
        out = await submitBatch(deps, board.id, changed.slice(i, i + CHUNK), SYNC_PRINCIPAL);
      } catch (err) {
        // A banned player's row (docs/moderation.md) is skipped as a bad row, and the chunk sent again without it.
        const banned = err instanceof ApiError && err.code === 'banned' ? err.details?.playerId : undefined;
        if (typeof banned !== 'string') throw err;
        for (let j = changed.length - 1; j >= i; j--) if (changed[j]!.playerId === banned) changed.splice(j, 1);
        bad.push({ index: extracted.rows.findIndex((r) => r.playerId === banned), playerId: banned, reason: 'player is banned from this board' });
        report.skipped = bad.length;
        report.badRows = bad.slice(0, MAX_REPORTED_BAD_ROWS);
        continue;
      }
      report.applied += out.results.filter((r) => r.updated).length;
      i += CHUNK;
    }
  } catch (err) {
    // Outside the board's open window (docs/boards.md) the record refuses the batch: a failed sync,
    // recorded like any other, so the board still takes its turn in the sync order.
    if (err instanceof ApiError && (err.code === 'not_open' || err.code === 'closed')) return finish(err.message);
    throw err;
  }
  return finish();
}

/**
 * The longest one board's sync may take: every fetch attempt timing out, the backoffs between
 * them (with their 20% jitter), and time to write the rows.
 */
export function boardBudgetMs(source: Deps['config']['source']): number {
  let backoff = 0;
  for (let i = 0; i < source.retries; i++) backoff += source.backoffMs * 2 ** i * 1.2;
  return source.timeoutMs * (source.retries + 1) + backoff + WRITE_MARGIN_MS;
}
const WRITE_MARGIN_MS = 2000;

export interface SyncAllReport {
  sources: SyncReport[];
  /** Boards left for the next run because this invocation had too little time left for them. */
  skipped: string[];
}

/**
 * Syncs every board that has a source, one after another; one failing source never stops the rest.
 * Boards synced longest ago (or never) go first. Before each board it checks the invocation's
 * remaining time against the board's worst case, and stops early when that does not fit: the
 * boards left are reported as `skipped` and, now the oldest, go first at the next run.
 */
export async function syncAllSources(deps: Deps, remainingMs: () => number = () => Number.POSITIVE_INFINITY): Promise<SyncAllReport> {
  const boards = (await deps.record.boards()).filter((b) => b.source);
  boards.sort((a, b) => (a.sourceStatus?.at ?? '').localeCompare(b.sourceStatus?.at ?? '') || a.id.localeCompare(b.id));
  const budget = boardBudgetMs(deps.config.source);
  const failed = (b: RecordBoard, err: unknown): SyncReport => ({ board: b.id, period: null, at: deps.now().toISOString(), ok: false, rows: 0, applied: 0, unchanged: 0, skipped: 0, badRows: [], error: err instanceof Error ? err.message : String(err) });
  const run = await eachInTime(boards, () => budget, remainingMs, (b) => syncBoard(deps, b.id).catch((err: unknown) => failed(b, err)));
  const out: SyncAllReport = { sources: run.done, skipped: run.skipped.map((s) => s.id) };
  if (out.skipped.length) deps.log('warn', 'source sync stopped early; the rest go first next run', { skipped: out.skipped, remainingMs: Math.round(remainingMs()), budgetMs: Math.round(budget) });
  return out;
}
