/**
 * Reset schedules beyond UTC days, weeks and months (docs/results.md "Schedules"): every N hours
 * or N days from an anchor, a wall-clock date-time in a named IANA time zone.
 *
 * - `hours`: periods are exactly N hours long, counted from the anchor's instant. A daylight-saving
 *   change moves their wall-clock start times, never their length.
 * - `days`: periods start at the anchor's wall-clock time every N calendar days, so across a
 *   daylight-saving change a period is an hour shorter or longer. A start time that does not exist
 *   that day (a spring-forward gap) is read with the offset before the change; one that exists
 *   twice (fall back), with the offset after it: the rule of PostgreSQL's `timestamp AT TIME ZONE`,
 *   which the SQL functions (`lb_schedule_start`) use, so both compute the same instants.
 *
 * A period's key is its start in UTC, `YYYY-MM-DDTHHmmZ` (16 characters): unique even when a
 * fall-back repeats a wall-clock hour, and keys of one schedule sort in time order.
 * Only the platform's Intl time zone data is used.
 */
import * as z from 'zod';
import { SCHEDULE_RESET } from './schedule-form.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** True when the runtime knows this IANA time zone name. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name.length > 0 && name.length <= 64;
  } catch {
    return false;
  }
}

export const scheduleSchema = z
  .strictObject({
    every: z.number().int().min(1, 'must be at least 1'),
    unit: z.enum(['hours', 'days']),
    /** A wall-clock date-time in `timeZone`, without an offset: the start of one period. */
    anchor: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'must be a local date-time like 2027-01-04T06:00'),
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone name, like Europe/Berlin'),
  })
  .refine((s) => s.every <= (s.unit === 'hours' ? 8784 : 366), { message: 'must be at most 8784 hours or 366 days', path: ['every'] })
  .refine((s) => parseLocal(s.anchor) !== null, { message: 'is not a valid date-time', path: ['anchor'] })
  .meta({ id: 'Schedule' });
export type Schedule = z.infer<typeof scheduleSchema>;

interface Local {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
}

function parseLocal(s: string): Local | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d || t.getUTCHours() !== h || t.getUTCMinutes() !== mi) return null;
  return { y, mo, d, h, mi };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's UTC offset at an instant, in ms (local = instant + offset). */
export function zoneOffsetMs(timeZone: string, at: number): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(at))) if (part.type !== 'literal' && part.type !== 'era') p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/**
 * The instant of a wall-clock time in a zone (local fields given as a UTC timestamp). In a gap,
 * the offset before the change; in an overlap, the offset after it (as PostgreSQL does).
 */
export function localToInstant(timeZone: string, localAsUtc: number): number {
  const before = zoneOffsetMs(timeZone, localAsUtc - DAY_MS);
  const after = zoneOffsetMs(timeZone, localAsUtc + DAY_MS);
  if (before === after) return localAsUtc - before;
  const tBefore = localAsUtc - before;
  const tAfter = localAsUtc - after;
  const beforeValid = zoneOffsetMs(timeZone, tBefore) === before;
  const afterValid = zoneOffsetMs(timeZone, tAfter) === after;
  if (afterValid) return tAfter; // the only reading, or the later of two (overlap)
  if (beforeValid) return tBefore;
  return tBefore; // a gap: the offset before the change
}

/** The start of period k (k = 0 starts at the anchor). */
function startOf(s: Schedule, k: number): number {
  const a = parseLocal(s.anchor) as Local;
  if (s.unit === 'hours') return localToInstant(s.timeZone, Date.UTC(a.y, a.mo - 1, a.d, a.h, a.mi)) + k * s.every * HOUR_MS;
  return localToInstant(s.timeZone, Date.UTC(a.y, a.mo - 1, a.d + k * s.every, a.h, a.mi));
}

/** The index of the period containing `at` (negative before the anchor). */
function indexAt(s: Schedule, at: number): number {
  const length = s.every * (s.unit === 'hours' ? HOUR_MS : DAY_MS);
  let k = Math.floor((at - startOf(s, 0)) / length);
  // A days schedule's periods differ from N·24 h by the daylight-saving changes they span: adjust.
  while (startOf(s, k) > at) k--;
  while (startOf(s, k + 1) <= at) k++;
  return k;
}

/** `YYYY-MM-DDTHHmmZ`: a period's start in UTC. */
export function scheduleKeyOf(start: number): string {
  const d = new Date(start);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}Z`;
}

/** The period containing `at`: its key, start and end. */
export function schedulePeriod(s: Schedule, at: Date): { key: string; start: Date; end: Date } {
  const k = indexAt(s, at.getTime());
  const start = startOf(s, k);
  return { key: scheduleKeyOf(start), start: new Date(start), end: new Date(startOf(s, k + 1)) };
}

/** The start of the period named by `key`, or null when no period of this schedule starts there. */
export function schedulePeriodStart(s: Schedule, key: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})(\d{2})Z$/.exec(key);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  if (Number.isNaN(t) || scheduleKeyOf(t) !== key) return null;
  return schedulePeriod(s, new Date(t)).start.getTime() === t ? new Date(t) : null;
}

/** When the period containing `at` ends and the next one starts. */
export const scheduleNextResetAt = (s: Schedule, at: Date): Date => schedulePeriod(s, at).end;

/** A board's `reset` naming a schedule: `every 6 hours from 2027-01-04T06:00 Europe/Berlin`. */
export type ScheduleReset = `every ${number} ${'hours' | 'days'} from ${string}`;

const parsed = new Map<string, Schedule | null>();

/** The schedule a `reset` names, or null when it is not a valid schedule (e.g. `daily`). */
export function parseScheduleReset(reset: string): Schedule | null {
  let s = parsed.get(reset);
  if (s === undefined) {
    const m = SCHEDULE_RESET.exec(reset);
    const r = m ? scheduleSchema.safeParse({ every: Number(m[1]), unit: m[2], anchor: m[3], timeZone: m[4] }) : null;
    s = r?.success ? r.data : null;
    if (parsed.size > 1000) parsed.clear();
    parsed.set(reset, s);
  }
  return s;
}

/** The `reset` value of a schedule. */
export const scheduleReset = (s: Schedule): ScheduleReset => `every ${s.every} ${s.unit} from ${s.anchor} ${s.timeZone}`;

/** True for a schedule period key's form (`2027-03-28T0400Z`), whatever the schedule. */
export const isScheduleKey = (key: string): boolean => /^\d{4}-\d{2}-\d{2}T\d{4}Z$/.test(key);
