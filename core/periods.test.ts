import { describe, expect, it } from 'vitest';
import { isoWeeksInYear, nextResetAt, periodKey, periodStart, previousPeriodKey, resolvePeriod } from './periods.ts';

const at = (iso: string) => new Date(iso);

describe('periods', () => {
  it('keys daily, weekly and monthly periods in UTC', () => {
    expect(periodKey('never', at('2026-11-23T10:00:00Z'))).toBe('all');
    expect(periodKey('daily', at('2026-11-23T23:59:59.999Z'))).toBe('2026-11-23');
    expect(periodKey('daily', at('2026-11-24T00:00:00Z'))).toBe('2026-11-24');
    expect(periodKey('weekly', at('2026-11-23T00:00:00Z'))).toBe('2026-W48');
    expect(periodKey('monthly', at('2026-12-31T23:59:59Z'))).toBe('2026-12');
    expect(periodKey('monthly', at('2027-01-01T00:00:00Z'))).toBe('2027-01');
  });

  it('handles ISO week 53 across the year boundary', () => {
    expect(isoWeeksInYear(2026)).toBe(53);
    expect(isoWeeksInYear(2027)).toBe(52);
    expect(periodKey('weekly', at('2026-12-28T00:00:00Z'))).toBe('2026-W53');
    expect(periodKey('weekly', at('2027-01-03T23:59:59Z'))).toBe('2026-W53');
    expect(periodKey('weekly', at('2027-01-04T00:00:00Z'))).toBe('2027-W01');
    expect(periodStart('weekly', '2026-W53')?.toISOString()).toBe('2026-12-28T00:00:00.000Z');
    expect(periodStart('weekly', '2027-W53')).toBeNull();
  });

  it('computes the next reset', () => {
    expect(nextResetAt('never', at('2026-11-23T10:00:00Z'))).toBeNull();
    expect(nextResetAt('daily', at('2026-12-31T23:00:00Z'))?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(nextResetAt('weekly', at('2026-12-30T12:00:00Z'))?.toISOString()).toBe('2027-01-04T00:00:00.000Z');
    expect(nextResetAt('monthly', at('2026-12-15T00:00:00Z'))?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(nextResetAt('monthly', at('2027-02-28T00:00:00Z'))?.toISOString()).toBe('2027-03-01T00:00:00.000Z');
  });

  it('finds the previous period', () => {
    expect(previousPeriodKey('weekly', '2027-W01')).toBe('2026-W53');
    expect(previousPeriodKey('monthly', '2027-01')).toBe('2026-12');
    expect(previousPeriodKey('daily', '2027-03-01')).toBe('2027-02-28');
  });

  it('validates requested periods', () => {
    const now = at('2026-11-23T12:00:00Z');
    expect(resolvePeriod('daily', undefined, now)).toEqual({ ok: true, key: '2026-11-23', current: true });
    expect(resolvePeriod('daily', '2026-11-20', now)).toEqual({ ok: true, key: '2026-11-20', current: false });
    expect(resolvePeriod('daily', '2026-11-24', now).ok).toBe(false);
    expect(resolvePeriod('daily', '2026-02-30', now).ok).toBe(false);
    expect(resolvePeriod('weekly', '2026-11', now).ok).toBe(false);
    expect(resolvePeriod('never', 'all', now).ok).toBe(true);
    expect(resolvePeriod('never', '2026', now).ok).toBe(false);
  });
});
