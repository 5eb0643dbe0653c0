/** The console's words for the operations' reports (pure, so they are unit-tested). */
import type { AuditPage, RebuildRun, SyncReport, VerifyRun, WebhookDeliveries } from './api.ts';

/** An ISO instant as `2026-11-23 10:15:00 UTC`; a dash for none. */
export const when = (iso: string | null | undefined): string => (iso ? iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC') : '—');

const skippedNote = (skipped: string[]) => (skipped.length ? ` Not reached in time: ${skipped.join(', ')}; run them one period at a time, or with the admin CLI.` : '');

/** One line for a verify: whether Valkey matches Supabase, over which periods. */
export function verifySummary(board: string, run: VerifyRun): string {
  const notReady = run.periods.filter((p) => !p.ready).map((p) => p.period);
  const checked = run.periods.length === 1 ? `period ${run.periods[0]!.period}` : `${run.periods.length} periods`;
  const head = run.differences === 0 ? `Verified ${board}, ${checked}: Valkey matches Supabase.` : `Verified ${board}, ${checked}: ${run.differences} ${run.differences === 1 ? 'difference' : 'differences'} between Valkey and Supabase. Rebuild repairs them.`;
  const ready = notReady.length ? ` Valkey has no ready copy of ${notReady.join(', ')} (the next read rebuilds it): nothing to compare there.` : '';
  return head + ready + skippedNote(run.skipped);
}

/** The report table's rows: period, outcome, entries in each store, differences and the first of them. */
export function verifyRows(run: VerifyRun): string[][] {
  return [...run.periods, ...(run.cohorts ?? [])].map((p) => [
    'cohortId' in p ? `${p.period} cohort ${String(p.cohortId)}` : p.period,
    !p.ready ? 'not ready' : p.differences === 0 ? 'matches' : 'differs',
    String(p.recordEntries),
    String(p.projectionEntries),
    String(p.differences),
    p.sample.slice(0, 5).map((d) => `${d.playerId} ${d.kind}${d.fields?.length ? ` (${d.fields.join(', ')})` : ''}`).join('; ') || '—',
  ]);
}

export function rebuildSummary(board: string, run: RebuildRun): string {
  const done = run.periods.filter((p) => p.rebuilt).map((p) => p.period);
  const busy = run.periods.filter((p) => !p.rebuilt).map((p) => p.period);
  return `Rebuilt ${board}: ${done.length ? done.join(', ') : 'nothing'}.${busy.length ? ` Another rebuild held the lock for ${busy.join(', ')}.` : ''}${skippedNote(run.skipped)}`;
}

export function syncSummary(r: SyncReport): string {
  if (!r.ok) return `The sync of ${r.board} failed: ${r.error ?? 'unknown error'}. The board is unchanged; the schedule retries every minute.`;
  const bad = r.skipped ? ` ${r.skipped} bad ${r.skipped === 1 ? 'row' : 'rows'} skipped${r.badRows.length ? `, e.g. row ${r.badRows[0]!.index}: ${r.badRows[0]!.reason}` : ''}.` : '';
  return `Synced ${r.board}${r.period ? ` (period ${r.period})` : ''}: ${r.rows} rows, ${r.applied} applied, ${r.unchanged} unchanged.${bad}`;
}

/** An audit record's detail, e.g. `entries 2, submissions 3`. */
export const auditDetail = (r: AuditPage['records'][number]): string =>
  Object.entries(r.detail).map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(', ') || '—';

/** A delivery's last attempt: when, and its status or error. */
export function lastAttempt(d: WebhookDeliveries['deliveries'][number]): string {
  const last = d.log[d.log.length - 1];
  if (!last) return d.status === 'pending' ? `not sent yet; due ${when(d.nextAttemptAt)}` : '—';
  const outcome = last.error ?? (last.status === null ? 'no answer' : `HTTP ${last.status}`);
  return `${when(last.at)}: ${outcome}${d.status === 'pending' ? `; next ${when(d.nextAttemptAt)}` : ''}`;
}
