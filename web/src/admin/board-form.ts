/** The board form's values, turned into a PUT /api/boards/{board} body, and back from a board. */
import { isBoardId } from '../../../core/ids.ts';
import { SCHEDULE_RESET } from '../../../core/schedule-form.ts';
import { isScore } from '../../../core/scores.ts';
import type { Board } from '../api.ts';

export interface BoardFormValues {
  id: string;
  name: string;
  sort: string;
  operator: string;
  /** never, daily, weekly, monthly, or `schedule` (then `schedule` holds the reset). */
  reset: string;
  /** `every N hours|days from YYYY-MM-DDTHH:mm <IANA time zone>` (docs/results.md#schedules-every-n-hours-or-days-in-a-time-zone). */
  schedule: string;
  writers: string;
  minScore: string;
  maxScore: string;
  cacheSeconds: string;
  source: string;
}

const FIXED = ['never', 'daily', 'weekly', 'monthly'];

/** Whether the browser knows this IANA time zone (the origin checks it again). */
function knownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The board's `reset` the form stands for. */
export const resetOf = (v: BoardFormValues): string => (v.reset === 'schedule' ? v.schedule.trim().replace(/\s+/g, ' ') : v.reset);

/** The body for PUT, or the fields that are wrong (field -> message) before anything is sent. */
export function boardBody(v: BoardFormValues): { ok: true; id: string; body: Record<string, unknown> } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const id = v.id.trim();
  if (!isBoardId(id)) errors.id = 'must be 1 to 64 lowercase letters, digits, _ or -, starting with a letter or digit';
  if (!v.name.trim()) errors.name = 'must not be empty';
  const score = (field: 'minScore' | 'maxScore') => {
    const t = v[field].trim();
    if (!t) return null;
    const n = /^-?\d{1,16}$/.test(t) ? Number(t) : NaN;
    if (!isScore(n)) errors[field] = 'must be a whole number within ±9007199254740991';
    return n;
  };
  const reset = resetOf(v);
  if (v.reset === 'schedule') {
    const m = SCHEDULE_RESET.exec(reset);
    if (!m) errors.schedule = 'must read "every N hours|days from YYYY-MM-DDTHH:mm <time zone>", like every 6 hours from 2027-01-04T06:00 Europe/Berlin';
    else if (!knownZone(m[4]!)) errors.schedule = `names a time zone this browser does not know: ${m[4]}`;
  }
  const minScore = score('minScore');
  const maxScore = score('maxScore');
  let cacheSeconds: number | undefined;
  if (v.cacheSeconds.trim()) {
    cacheSeconds = Number(v.cacheSeconds.trim());
    if (!Number.isInteger(cacheSeconds) || cacheSeconds < 1 || cacheSeconds > 3600) errors.cacheSeconds = 'must be a whole number of seconds from 1 to 3600';
  }
  let source: unknown = null;
  if (v.source.trim()) {
    try {
      source = JSON.parse(v.source);
      if (typeof source !== 'object' || source === null || Array.isArray(source)) errors.source = 'must be a JSON object';
    } catch {
      errors.source = 'must be valid JSON';
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const body: Record<string, unknown> = { name: v.name.trim(), sort: v.sort, operator: v.operator, reset, writers: v.writers, minScore, maxScore, source };
  if (cacheSeconds !== undefined) body.cacheSeconds = cacheSeconds;
  return { ok: true, id, body };
}

/** The form's values for editing a board (the API does not return a board's source, so it starts empty). */
export function valuesOf(b: Board): BoardFormValues {
  return {
    id: b.id,
    name: b.name,
    sort: b.sort,
    operator: b.operator,
    reset: FIXED.includes(b.reset) ? b.reset : 'schedule',
    schedule: FIXED.includes(b.reset) ? '' : b.reset,
    writers: b.writers,
    minScore: b.minScore === null ? '' : String(b.minScore),
    maxScore: b.maxScore === null ? '' : String(b.maxScore),
    cacheSeconds: String(b.cacheSeconds),
    source: '',
  };
}

/** Which of the locked fields an edit changes on a board that has entries (these get 409). */
export function lockedChanges(b: Board, v: BoardFormValues): string[] {
  if (b.entries === 0) return [];
  const now = { sort: v.sort, operator: v.operator, reset: resetOf(v) };
  return (['sort', 'operator', 'reset'] as const).filter((k) => b[k] !== now[k]);
}
