import { describe, expect, it } from 'vitest';
import { periodWindow } from './periods.ts';
import { encodeRankKey, scorePrefix } from './rank-key.ts';
import { boardConfigSchema, periodsQuerySchema } from './schemas.ts';

const base = { name: 'B', sort: 'desc', operator: 'best', reset: 'never', writers: 'server' };
const parse = (extra: Record<string, unknown>) => boardConfigSchema.safeParse({ ...base, ...extra });

describe('board settings', () => {
  it('accepts the three rank modes and refuses others', () => {
    for (const rankMode of ['ordinal', 'competition', 'dense']) expect(parse({ rankMode }).success).toBe(true);
    expect(parse({ rankMode: 'olympic' }).success).toBe(false);
    expect(parse({}).data?.rankMode).toBeUndefined();
  });

  it('accepts integer, duration_ms and fixed:1..6 as score formats', () => {
    for (const scoreFormat of ['integer', 'duration_ms', 'fixed:1', 'fixed:6']) expect(parse({ scoreFormat }).success).toBe(true);
    for (const scoreFormat of ['fixed:0', 'fixed:7', 'fixed:', 'float', 'Integer', 'fixed:2 ']) expect(parse({ scoreFormat }).success).toBe(false);
  });

  it('normalises startsAt and endsAt to UTC and wants startsAt before endsAt', () => {
    expect(parse({ startsAt: '2027-01-01T01:00:00+01:00' }).data?.startsAt).toBe('2027-01-01T00:00:00.000Z');
    expect(parse({ startsAt: '2027-01-01' }).success).toBe(false);
    expect(parse({ startsAt: '2027-01-01T00:00:00' }).success).toBe(false);
    expect(parse({ startsAt: '2027-01-02T00:00:00Z', endsAt: '2027-01-01T00:00:00Z' }).error?.issues[0]?.path).toEqual(['startsAt']);
    expect(parse({ startsAt: '2027-01-01T00:00:00Z', endsAt: '2027-01-01T00:00:00Z' }).success).toBe(false);
    expect(parse({ startsAt: null, endsAt: '2027-01-01T00:00:00Z' }).success).toBe(true);
  });

  it('takes periods paging parameters with bounds', () => {
    expect(periodsQuerySchema.parse({})).toEqual({ limit: 20 });
    expect(periodsQuerySchema.safeParse({ limit: '0' }).success).toBe(false);
    expect(periodsQuerySchema.safeParse({ limit: '101' }).success).toBe(false);
    expect(periodsQuerySchema.safeParse({ cursor: 'a/b' }).success).toBe(false);
  });
});

describe('scorePrefix', () => {
  it('is the score part of every rank key with that score, and orders like the scores', () => {
    for (const sort of ['asc', 'desc'] as const) {
      for (const score of [-9007199254740991, -1, 0, 1, 9007199254740991]) {
        expect(encodeRankKey(sort, { score, achievedAtMs: 123456, playerId: 'p' }).startsWith(scorePrefix(sort, score))).toBe(true);
      }
    }
    expect(scorePrefix('desc', 10) < scorePrefix('desc', 9)).toBe(true);
    expect(scorePrefix('asc', 9) < scorePrefix('asc', 10)).toBe(true);
    expect(scorePrefix('asc', 5)).toHaveLength(14);
  });
});

describe('periodWindow', () => {
  const now = new Date('2027-01-10T12:00:00Z');
  it('gives a resetting period its bounds, closed once its end has passed', () => {
    expect(periodWindow('daily', '2027-01-09', {}, now)).toEqual({ start: '2027-01-09T00:00:00.000Z', end: '2027-01-10T00:00:00.000Z', state: 'closed' });
    expect(periodWindow('daily', '2027-01-10', {}, now)).toEqual({ start: '2027-01-10T00:00:00.000Z', end: '2027-01-11T00:00:00.000Z', state: 'open' });
    expect(periodWindow('weekly', '2026-W53', {}, now)).toMatchObject({ start: '2026-12-28T00:00:00.000Z', end: '2027-01-04T00:00:00.000Z', state: 'closed' });
    expect(periodWindow('monthly', '2027-13', {}, now)).toBeNull();
  });

  it('clips to the board window: a never board is open until endsAt, then closed', () => {
    expect(periodWindow('never', 'all', {}, now)).toEqual({ start: null, end: null, state: 'open' });
    expect(periodWindow('never', 'all', { startsAt: '2027-01-01T00:00:00.000Z', endsAt: '2027-01-10T12:00:00.000Z' }, now)).toEqual({ start: '2027-01-01T00:00:00.000Z', end: '2027-01-10T12:00:00.000Z', state: 'closed' });
    expect(periodWindow('never', 'all', { endsAt: '2027-01-10T12:00:00.001Z' }, now)?.state).toBe('open');
    expect(periodWindow('daily', '2027-01-10', { endsAt: '2027-01-10T06:00:00.000Z' }, now)).toEqual({ start: '2027-01-10T00:00:00.000Z', end: '2027-01-10T06:00:00.000Z', state: 'closed' });
    // A window outside the period leaves its bounds alone.
    expect(periodWindow('daily', '2027-01-09', { startsAt: '2027-01-10T06:00:00.000Z' }, now)?.start).toBe('2027-01-09T00:00:00.000Z');
  });
});
