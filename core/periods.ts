/**
 * Reset periods (docs/api.md "Periods"): UTC days, ISO weeks starting Monday, UTC months, and
 * schedules every N hours or days in a time zone (schedules.ts; their SQL is lb_schedule_period_key).
 * The SQL function `lb_period_key` computes the same keys for writes; periods.test.ts
 * and the integration tests check that both agree.
 */
import { parseScheduleReset, schedulePeriod, schedulePeriodStart } from './schedules.ts';
import type { Reset } from './schemas.ts';

const DAY_MS = 86_400_000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** ISO-8601 week-numbering year and week of a UTC instant. */
export function isoWeek(at: Date): { year: number; week: number } {
  const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
  const thursday = new Date(day - weekday * DAY_MS + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7);
  return { year, week };
}

/** Monday 00:00 UTC of ISO week 1 of `year`. */
function isoWeekOneMonday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  return jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
}

/** Number of ISO weeks (52 or 53) in an ISO year. */
export function isoWeeksInYear(year: number): number {
  return isoWeek(new Date(Date.UTC(year, 11, 28))).week;
}

/** The key of the period that contains `at`, e.g. `2026-11-23`, `2026-W48`, `2026-11` or `all`. */
export function periodKey(reset: Reset, at: Date): string {
  switch (reset) {
    case 'never':
      return 'all';
    case 'daily':
      return `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
    case 'weekly': {
      const { year, week } = isoWeek(at);
      return `${year}-W${pad(week)}`;
    }
    case 'monthly':
      return `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}`;
    default:
      return schedulePeriod(scheduleOf(reset), at).key;
  }
}

/** The schedule of a schedule reset (the schema admits no other string). */
function scheduleOf(reset: string) {
  const s = parseScheduleReset(reset);
  if (!s) throw new Error(`Unknown reset "${reset}"`);
  return s;
}

/** Start instant of the period named by `key`, or null when the key is not of the board's form. */
export function periodStart(reset: Reset, key: string): Date | null {
  let m: RegExpExecArray | null;
  switch (reset) {
    case 'never':
      return key === 'all' ? new Date(0) : null;
    case 'daily': {
      if (!(m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key))) return null;
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const start = new Date(Date.UTC(y, mo - 1, d));
      return start.getUTCMonth() === mo - 1 && start.getUTCDate() === d ? start : null;
    }
    case 'weekly': {
      if (!(m = /^(\d{4})-W(\d{2})$/.exec(key))) return null;
      const [y, w] = [Number(m[1]), Number(m[2])];
      if (w < 1 || w > isoWeeksInYear(y)) return null;
      return new Date(isoWeekOneMonday(y) + (w - 1) * 7 * DAY_MS);
    }
    case 'monthly': {
      if (!(m = /^(\d{4})-(\d{2})$/.exec(key))) return null;
      const [y, mo] = [Number(m[1]), Number(m[2])];
      return mo >= 1 && mo <= 12 ? new Date(Date.UTC(y, mo - 1, 1)) : null;
    }
    default:
      return schedulePeriodStart(scheduleOf(reset), key);
  }
}

/** When the period containing `at` ends and the next one starts; null for `never`. */
export function nextResetAt(reset: Reset, at: Date): Date | null {
  const y = at.getUTCFullYear();
  const mo = at.getUTCMonth();
  switch (reset) {
    case 'never':
      return null;
    case 'daily':
      return new Date(Date.UTC(y, mo, at.getUTCDate() + 1));
    case 'weekly': {
      const start = periodStart('weekly', periodKey('weekly', at));
      return new Date((start as Date).getTime() + 7 * DAY_MS);
    }
    case 'monthly':
      return new Date(Date.UTC(y, mo + 1, 1));
    default:
      return schedulePeriod(scheduleOf(reset), at).end;
  }
}

/** The key of the period just before the one named by `key` (same board form). */
export function previousPeriodKey(reset: Reset, key: string): string | null {
  const start = periodStart(reset, key);
  if (!start || reset === 'never') return null;
  return periodKey(reset, new Date(start.getTime() - 1));
}

export type PeriodCheck = { ok: true; key: string; current: boolean } | { ok: false; reason: string };

/** Validates a `?period=` value for a board: right form, not in the future. Absent means current. */
export function resolvePeriod(reset: Reset, requested: string | undefined, now: Date): PeriodCheck {
  const current = periodKey(reset, now);
  if (requested === undefined || requested === '' || requested === current) return { ok: true, key: current, current: true };
  const start = periodStart(reset, requested);
  if (!start) return { ok: false, reason: `period must look like ${examplePeriod(reset)} for a ${reset} board` };
  if (start.getTime() > now.getTime()) return { ok: false, reason: 'period is in the future' };
  return { ok: true, key: requested, current: false };
}

function examplePeriod(reset: Reset): string {
  const fixed: Record<string, string> = { never: 'all', daily: '2026-11-23', weekly: '2026-W48', monthly: '2026-11' };
  return fixed[reset] ?? '2026-11-23T0600Z (a period start in UTC)';
}

export interface PeriodWindow {
  /** ISO instants; null when unbounded (a `never` board without startsAt / endsAt). */
  start: string | null;
  end: string | null;
  /** closed once `end` has passed: a closed period's standings never change. */
  state: 'open' | 'closed';
}

/**
 * Start, end and state of a board period, clipped to the board's open window (startsAt,
 * endsAt) where that falls inside the period. Null when the key is not of the board's form.
 */
export function periodWindow(reset: Reset, key: string, board: { startsAt?: string | null; endsAt?: string | null }, now: Date): PeriodWindow | null {
  const s = periodStart(reset, key);
  if (!s) return null;
  let start = reset === 'never' ? null : s.getTime();
  let end = reset === 'never' ? null : (nextResetAt(reset, s) as Date).getTime();
  const opens = board.startsAt ? Date.parse(board.startsAt) : null;
  const closes = board.endsAt ? Date.parse(board.endsAt) : null;
  if (opens !== null && (start === null || opens > start) && (end === null || opens < end)) start = opens;
  if (closes !== null && (end === null || closes < end) && (start === null || closes > start)) end = closes;
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  return { start: iso(start), end: iso(end), state: end !== null && end <= now.getTime() ? 'closed' : 'open' };
}
