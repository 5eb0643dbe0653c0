import { describe, expect, it } from 'vitest';
import { localToInstant, scheduleNextResetAt, schedulePeriod, schedulePeriodStart, scheduleSchema, type Schedule } from './schedules.ts';

const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();
const sched = (s: Schedule) => scheduleSchema.parse(s);

describe('schedules every N hours or days in a time zone', () => {
  it('reads wall-clock times as PostgreSQL does: a gap with the offset before, an overlap with the offset after', () => {
    // Europe/Berlin: 2027-03-28 02:00 → 03:00 (gap), 2027-10-31 03:00 → 02:00 (02:00–02:59 twice).
    expect(iso(new Date(localToInstant('Europe/Berlin', Date.UTC(2027, 2, 28, 2, 30))))).toBe('2027-03-28T01:30:00.000Z');
    expect(iso(new Date(localToInstant('Europe/Berlin', Date.UTC(2027, 9, 31, 2, 30))))).toBe('2027-10-31T01:30:00.000Z');
    expect(iso(new Date(localToInstant('Europe/Berlin', Date.UTC(2027, 2, 28, 6, 0))))).toBe('2027-03-28T04:00:00.000Z');
    expect(iso(new Date(localToInstant('America/New_York', Date.UTC(2027, 2, 14, 2, 30))))).toBe('2027-03-14T07:30:00.000Z');
    expect(iso(new Date(localToInstant('America/New_York', Date.UTC(2027, 10, 7, 1, 30))))).toBe('2027-11-07T06:30:00.000Z');
    expect(iso(new Date(localToInstant('UTC', Date.UTC(2027, 0, 1))))).toBe('2027-01-01T00:00:00.000Z');
  });

  it('days: the same wall-clock start every N days, so a period spanning a DST change is 23 or 25 hours', () => {
    const daily6 = sched({ every: 1, unit: 'days', anchor: '2027-01-04T06:00', timeZone: 'Europe/Berlin' });
    expect(schedulePeriod(daily6, at('2027-03-27T12:00:00Z'))).toEqual({ key: '2027-03-27T0500Z', start: at('2027-03-27T05:00:00Z'), end: at('2027-03-28T04:00:00Z') });
    expect(schedulePeriod(daily6, at('2027-03-28T03:59:59.999Z')).key).toBe('2027-03-27T0500Z');
    expect(schedulePeriod(daily6, at('2027-03-28T04:00:00Z')).key).toBe('2027-03-28T0400Z');
    expect(iso(scheduleNextResetAt(daily6, at('2027-10-30T12:00:00Z')))).toBe('2027-10-31T05:00:00.000Z'); // 25 h after 04:00Z
    // Before the anchor too.
    expect(schedulePeriod(daily6, at('2026-12-31T05:00:00Z')).key).toBe('2026-12-31T0500Z');

    const every3 = sched({ every: 3, unit: 'days', anchor: '2027-03-26T00:00', timeZone: 'America/New_York' });
    expect(schedulePeriod(every3, at('2027-03-10T12:00:00Z'))).toEqual({ key: '2027-03-08T0500Z', start: at('2027-03-08T05:00:00Z'), end: at('2027-03-11T05:00:00Z') });
    expect(schedulePeriod(every3, at('2027-03-12T12:00:00Z'))).toEqual({ key: '2027-03-11T0500Z', start: at('2027-03-11T05:00:00Z'), end: at('2027-03-14T05:00:00Z') });
    expect(schedulePeriod(every3, at('2027-03-15T12:00:00Z')).start).toEqual(at('2027-03-14T05:00:00Z'));
    expect(schedulePeriod(every3, at('2027-03-17T12:00:00Z')).start).toEqual(at('2027-03-17T04:00:00Z')); // EDT from 03-14
  });

  it('days: a start time inside the spring-forward gap is read with the offset before it', () => {
    const s = sched({ every: 1, unit: 'days', anchor: '2027-03-01T02:30', timeZone: 'Europe/Berlin' });
    expect(schedulePeriod(s, at('2027-03-28T01:00:00Z')).start).toEqual(at('2027-03-27T01:30:00Z'));
    expect(schedulePeriod(s, at('2027-03-28T01:30:00Z')).start).toEqual(at('2027-03-28T01:30:00Z')); // "02:30" that day
    expect(schedulePeriod(s, at('2027-03-29T00:30:00Z')).start).toEqual(at('2027-03-29T00:30:00Z')); // 02:30 CEST
  });

  it('hours: exactly N hours from the anchor, across DST changes', () => {
    const six = sched({ every: 6, unit: 'hours', anchor: '2027-10-30T00:00', timeZone: 'Europe/Berlin' });
    // Anchor 2027-10-29T22:00Z; periods every 6 h of elapsed time.
    expect(schedulePeriod(six, at('2027-10-31T02:00:00Z'))).toEqual({ key: '2027-10-30T2200Z', start: at('2027-10-30T22:00:00Z'), end: at('2027-10-31T04:00:00Z') });
    expect(schedulePeriod(six, at('2027-10-31T04:00:00Z')).key).toBe('2027-10-31T0400Z');
    expect(schedulePeriod(six, at('2027-10-29T21:59:59.999Z')).key).toBe('2027-10-29T1600Z');
    // Hourly across the fall-back: the repeated wall-clock hour gets two keys.
    const hourly = sched({ every: 1, unit: 'hours', anchor: '2027-01-01T00:00', timeZone: 'Europe/Berlin' });
    expect(schedulePeriod(hourly, at('2027-10-31T00:30:00Z')).key).toBe('2027-10-31T0000Z');
    expect(schedulePeriod(hourly, at('2027-10-31T01:30:00Z')).key).toBe('2027-10-31T0100Z');
  });

  it('keys name period starts only', () => {
    const s = sched({ every: 6, unit: 'hours', anchor: '2027-01-01T03:00', timeZone: 'UTC' });
    expect(schedulePeriodStart(s, '2027-05-01T0300Z')).toEqual(at('2027-05-01T03:00:00Z'));
    expect(schedulePeriodStart(s, '2027-05-01T0400Z')).toBeNull();
    expect(schedulePeriodStart(s, '2027-02-30T0300Z')).toBeNull();
    expect(schedulePeriodStart(s, '2027-05-01')).toBeNull();
  });

  it('validates schedules', () => {
    expect(scheduleSchema.safeParse({ every: 2, unit: 'days', anchor: '2027-01-01T00:00', timeZone: 'Asia/Tokyo' }).success).toBe(true);
    expect(scheduleSchema.safeParse({ every: 2, unit: 'days', anchor: '2027-01-01T00:00', timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(scheduleSchema.safeParse({ every: 0, unit: 'hours', anchor: '2027-01-01T00:00', timeZone: 'UTC' }).success).toBe(false);
    expect(scheduleSchema.safeParse({ every: 400, unit: 'days', anchor: '2027-01-01T00:00', timeZone: 'UTC' }).success).toBe(false);
    expect(scheduleSchema.safeParse({ every: 1, unit: 'days', anchor: '2027-02-30T00:00', timeZone: 'UTC' }).success).toBe(false);
    expect(scheduleSchema.safeParse({ every: 1, unit: 'days', anchor: '2027-01-01T00:00Z', timeZone: 'UTC' }).success).toBe(false);
    expect(scheduleSchema.safeParse({ every: 1, unit: 'weeks', anchor: '2027-01-01T00:00', timeZone: 'UTC' }).success).toBe(false);
  });
});
