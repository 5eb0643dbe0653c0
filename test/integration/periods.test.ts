/**
 * Reset periods with a fixed clock, in process against the test stack's stores: writes land in
 * the period of their instant, past periods stay readable, nextResetAt is right across month,
 * year and ISO week 53 boundaries, and the rollover job closes each period exactly once; the SQL
 * and core/ compute the same schedule periods (every N hours or days in a time zone).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { periodKey, previousPeriodKey, schedulePeriod, type Reset, type Schedule } from '../../core/index.ts';
import { upsertBoard, submitScore } from '../../origin/leaderboard/commands.ts';
import { getBoard, listPeriods, topEntries } from '../../origin/leaderboard/queries.ts';
import { periodResults } from '../../origin/results/results.ts';
import { rollover } from '../../origin/leaderboard/rollover.ts';
import { boardSpace, periodKeys } from '../../origin/projection/keys.ts';
import { ADMIN, api, rpc, SERVER, submit, uniqueBoard, valkeyClient } from '../helpers.ts';
import { closeValkey, fixedClock, originDeps } from '../origin-deps.ts';

const server = { kind: 'server', keyId: 'test' } as const;

afterAll(closeValkey);

async function boardWith(reset: Reset, clock: ReturnType<typeof fixedClock>) {
  const deps = originDeps(clock.now);
  const id = uniqueBoard(reset.startsWith('every') ? 'sched' : reset);
  await upsertBoard(deps, id, { name: id, sort: 'desc', operator: 'best', reset, writers: 'server' });
  return { deps, id, at: (iso: string) => clock.set(iso), put: (player: string, score: number) => submitScore(deps, id, { playerId: player, score }, server, null) };
}

const players = async (deps: ReturnType<typeof originDeps>, id: string, period?: string) =>
  (await topEntries(deps, id, { limit: 100, period })).entries.map((e) => e.playerId);

describe('periods with a fixed clock', () => {
  it('daily: a write before midnight lands in the old period, one after in the new; both stay readable', async () => {
    const clock = fixedClock('2026-12-31T23:59:59.999Z');
    const b = await boardWith('daily', clock);
    await b.put('before', 1);
    expect(await getBoard(b.deps, b.id)).toMatchObject({ currentPeriod: '2026-12-31', nextResetAt: '2027-01-01T00:00:00.000Z', entries: 1 });

    b.at('2027-01-01T00:00:00.000Z');
    await b.put('after', 2);
    expect(await getBoard(b.deps, b.id)).toMatchObject({ currentPeriod: '2027-01-01', nextResetAt: '2027-01-02T00:00:00.000Z', entries: 1 });
    expect(await players(b.deps, b.id)).toEqual(['after']);
    expect(await players(b.deps, b.id, '2026-12-31')).toEqual(['before']);
    expect(await players(b.deps, b.id, '2026-12-30')).toEqual([]);
    await expect(topEntries(b.deps, b.id, { limit: 10, period: '2027-01-02' })).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(topEntries(b.deps, b.id, { limit: 10, period: '2027-W01' })).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('weekly: 2026-12-28 and 2027-01-03 are in 2026-W53, 2027-01-04 in 2027-W01', async () => {
    const clock = fixedClock('2026-12-28T00:00:00.000Z');
    const b = await boardWith('weekly', clock);
    await b.put('mon', 1);
    b.at('2027-01-03T23:59:59.999Z');
    await b.put('sun', 2);
    expect(await getBoard(b.deps, b.id)).toMatchObject({ currentPeriod: '2026-W53', nextResetAt: '2027-01-04T00:00:00.000Z', entries: 2 });
    b.at('2027-01-04T00:00:00.000Z');
    await b.put('next', 3);
    expect(await getBoard(b.deps, b.id)).toMatchObject({ currentPeriod: '2027-W01', nextResetAt: '2027-01-11T00:00:00.000Z', entries: 1 });
    expect(await players(b.deps, b.id, '2026-W53')).toEqual(['sun', 'mon']);
    expect(await b.deps.record.periods(b.id)).toEqual(['2027-W01', '2026-W53']);
  });

  it('monthly: rolls 2026-12 into 2027-01', async () => {
    const clock = fixedClock('2026-12-31T23:59:59.999Z');
    const b = await boardWith('monthly', clock);
    await b.put('dec', 1);
    expect(await getBoard(b.deps, b.id)).toMatchObject({ currentPeriod: '2026-12', nextResetAt: '2027-01-01T00:00:00.000Z' });
    b.at('2027-01-01T00:00:00.000Z');
    await b.put('jan', 1);
    expect(await getBoard(b.deps, b.id)).toMatchObject({ currentPeriod: '2027-01', nextResetAt: '2027-02-01T00:00:00.000Z' });
    expect(await b.deps.record.periods(b.id)).toEqual(['2027-01', '2026-12']);
  });

  it('the SQL period keys agree with core/periods.ts at random instants and at the edges', async () => {
    const edges = ['2026-12-28T00:00:00.000Z', '2027-01-03T23:59:59.999Z', '2027-01-04T00:00:00.000Z', '2020-12-31T12:00:00Z', '2021-01-01T00:00:00Z', '2024-02-29T23:59:59.999Z', '1999-12-31T23:59:59.999Z'];
    const samples = [...edges.map((e) => new Date(e)), ...fc.sample(fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), 60)];
    for (const at of samples) {
      for (const reset of ['daily', 'weekly', 'monthly', 'every 6 hours from 2027-10-30T00:00 Europe/Berlin', 'every 2 days from 2027-03-27T02:30 Europe/Berlin'] as const) {
        expect([reset, at.toISOString(), await rpc('lb_period_key', { p_reset: reset, p_at: at.toISOString() })]).toEqual([reset, at.toISOString(), periodKey(reset, at)]);
      }
    }
  });
});

describe('schedules every N hours or days in a time zone', () => {
  it('the SQL keys and next resets agree with core/schedules.ts at DST changes and random instants', async () => {
    const schedules: Schedule[] = [
      { every: 1, unit: 'days', anchor: '2027-01-04T06:00', timeZone: 'Europe/Berlin' },
      { every: 1, unit: 'days', anchor: '2027-03-01T02:30', timeZone: 'Europe/Berlin' }, // in the spring-forward gap
      { every: 1, unit: 'days', anchor: '2027-01-01T01:30', timeZone: 'America/New_York' }, // in the fall-back overlap
      { every: 3, unit: 'days', anchor: '2027-03-26T00:00', timeZone: 'America/New_York' },
      { every: 7, unit: 'days', anchor: '2027-01-03T20:00', timeZone: 'Australia/Sydney' },
      { every: 6, unit: 'hours', anchor: '2027-10-30T00:00', timeZone: 'Europe/Berlin' },
      { every: 5, unit: 'hours', anchor: '2030-06-01T12:45', timeZone: 'Asia/Kolkata' },
    ];
    const edges = ['2027-03-28T00:59:59.999Z', '2027-03-28T01:00:00Z', '2027-03-28T01:30:00Z', '2027-03-28T04:00:00Z', '2027-10-31T00:30:00Z', '2027-10-31T01:30:00Z',
      '2027-10-31T05:00:00Z', '2027-03-14T06:30:00Z', '2027-03-14T07:30:00Z', '2027-11-07T05:30:00Z', '2027-11-07T06:30:00Z', '2027-04-04T09:00:00Z', '2027-10-02T10:00:00Z', '2026-12-31T23:59:59.999Z'];
    const samples = [...edges.map((e) => new Date(e)), ...fc.sample(fc.date({ min: new Date('2020-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }), 25)];
    for (const s of schedules) {
      for (const at of samples) {
        const args = { p_every: s.every, p_unit: s.unit, p_anchor: s.anchor, p_tz: s.timeZone, p_at: at.toISOString() };
        const [key, next] = await Promise.all([rpc<string>('lb_schedule_period_key', args), rpc<string>('lb_schedule_next_reset', args)]);
        const core = schedulePeriod(s, at);
        expect([s, at.toISOString(), key, new Date(next).toISOString()]).toEqual([s, at.toISOString(), core.key, core.end.toISOString()]);
      }
    }
  });
});

describe('boards on a schedule', () => {
  it('every 6 hours in Europe/Berlin: writes land in the period of their instant across the DST change; nextResetAt; the rollover closes it with results', async () => {
    const clock = fixedClock('2033-03-27T00:30:00.000Z'); // CET; the clocks go forward at 01:00Z
    const b = await boardWith('every 6 hours from 2033-03-26T00:00 Europe/Berlin', clock);
    await b.put('night', 1);
    expect(await getBoard(b.deps, b.id)).toMatchObject({ reset: 'every 6 hours from 2033-03-26T00:00 Europe/Berlin', currentPeriod: '2033-03-26T2300Z', nextResetAt: '2033-03-27T05:00:00.000Z', entries: 1 });
    b.at('2033-03-27T04:59:59.999Z');
    await b.put('late', 2);
    b.at('2033-03-27T05:00:00.000Z');
    await b.put('morning', 3);
    expect(await getBoard(b.deps, b.id)).toMatchObject({ currentPeriod: '2033-03-27T0500Z', nextResetAt: '2033-03-27T11:00:00.000Z', entries: 1 });
    expect(await b.deps.record.periods(b.id)).toEqual(['2033-03-27T0500Z', '2033-03-26T2300Z']);
    expect(await players(b.deps, b.id, '2033-03-26T2300Z')).toEqual(['late', 'night']);
    await expect(topEntries(b.deps, b.id, { limit: 10, period: '2033-03-27T0400Z' })).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(topEntries(b.deps, b.id, { limit: 10, period: '2033-03-27T1100Z' })).rejects.toMatchObject({ code: 'invalid_request' });

    b.at('2033-03-27T05:00:30.000Z');
    expect((await rollover(b.deps)).closed).toContainEqual({ board: b.id, period: '2033-03-26T2300Z' });
    expect((await periodResults(b.deps, b.id, '2033-03-26T2300Z')).results.map((e) => e.playerId)).toEqual(['late', 'night']);
    expect((await listPeriods(b.deps, b.id, { limit: 5 })).periods.map((p) => [p.key, p.start, p.end, p.state])).toEqual([
      ['2033-03-27T0500Z', '2033-03-27T05:00:00.000Z', '2033-03-27T11:00:00.000Z', 'open'],
      ['2033-03-26T2300Z', '2033-03-26T23:00:00.000Z', '2033-03-27T05:00:00.000Z', 'closed'],
    ]);
  });

  it('every day at 06:00 Europe/Berlin: the period that spans the change is 23 hours; through the edge', async () => {
    const clock = fixedClock('2033-03-26T12:00:00.000Z');
    const b = await boardWith('every 1 days from 2033-03-01T06:00 Europe/Berlin', clock);
    await b.put('sat', 1);
    expect(await getBoard(b.deps, b.id)).toMatchObject({ currentPeriod: '2033-03-26T0500Z', nextResetAt: '2033-03-27T04:00:00.000Z' });
    b.at('2033-03-27T04:00:00.000Z');
    await b.put('sun', 1);
    expect(await getBoard(b.deps, b.id)).toMatchObject({ currentPeriod: '2033-03-27T0400Z', nextResetAt: '2033-03-28T04:00:00.000Z' });

    // The edge takes a schedule key as ?period= (the origin checks it against the board).
    const id = uniqueBoard('sched');
    const put = await api('PUT', `/api/boards/${id}`, { token: ADMIN(), body: { name: id, sort: 'desc', operator: 'best', reset: 'every 1 days from 2026-01-01T06:00 Asia/Tokyo', writers: 'server' } });
    expect(put.status).toBe(201);
    const start = new Date(Date.parse(put.body.nextResetAt) - 86_400_000);
    expect(put.body.currentPeriod).toBe(`${start.toISOString().slice(0, 10)}T2100Z`);
    expect((await submit(id, 'p', 5)).status).toBe(200);
    const page = await api('GET', `/api/boards/${id}/entries?period=${put.body.currentPeriod}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ period: put.body.currentPeriod, total: 1 });
    for (const period of ['2099-01-01T2100Z', '2026-01-01T2200Z', '2026-01-01T21:00Z']) {
      const res = await api('GET', `/api/boards/${id}/entries?period=${encodeURIComponent(period)}`);
      expect(res.status, period).toBe(400);
    }
    for (const reset of ['every 0 days from 2026-01-01T06:00 UTC', 'every 2 weeks from 2026-01-01T06:00 UTC', 'every 1 days from 2026-01-01T06:00 Mars/Base', 'every 1 days from 2026-01-01 UTC']) {
      const res = await api('PUT', `/api/boards/${uniqueBoard('sched')}`, { token: ADMIN(), body: { name: 'x', sort: 'desc', operator: 'best', reset, writers: 'server' } });
      expect(res.status, reset).toBe(400);
      expect(res.body.error.details.reset, reset).toContain('every 6 hours');
    }
  });
});

describe('rollover', () => {
  it('closes the ended period exactly once, even run concurrently, prepares the new one, and evicts by TTL', async () => {
    const clock = fixedClock('2030-03-31T12:00:00.000Z');
    const b = await boardWith('daily', clock);
    await b.put('a', 5);
    b.at('2030-04-01T00:00:30.000Z');
    await b.put('b', 6);
    expect(await players(b.deps, b.id, '2030-03-31')).toEqual(['a']); // hot: read from Valkey, rebuilt on demand

    const runs = await Promise.all([rollover(b.deps), rollover(b.deps), rollover(b.deps)]);
    const closedHere = runs.flatMap((r) => r.closed).filter((c) => c.board === b.id);
    expect(closedHere).toEqual([{ board: b.id, period: '2030-03-31' }]);
    expect(previousPeriodKey('daily', '2030-04-01')).toBe('2030-03-31');
    const again = await rollover(b.deps);
    expect(again.closed.filter((c) => c.board === b.id)).toEqual([]);
    expect(again.prepared.filter((c) => c.board === b.id)).toEqual([]); // already ready

    // The next day 2030-03-31 leaves the hot window (current + previous): its keys get a TTL.
    b.at('2030-04-02T00:00:10.000Z');
    const next = await rollover(b.deps);
    expect(next.closed).toContainEqual({ board: b.id, period: '2030-04-01' });
    expect(next.prepared).toContainEqual({ board: b.id, period: '2030-04-02' });
    expect(next.evicting).toContainEqual({ board: b.id, period: '2030-03-31' });
    const board = await rpc('lb_board', { p_id: b.id });
    const client = await valkeyClient();
    try {
      const ttl = await client.ttl(periodKeys(boardSpace(board), '2030-03-31').z);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(b.deps.config.evictAfterSeconds);
      expect(await client.ttl(periodKeys(boardSpace(board), '2030-04-01').z)).toBe(-1);
    } finally {
      client.close();
    }
    // Old periods are answered by the record.
    expect(await players(b.deps, b.id, '2030-03-31')).toEqual(['a']);
  });

  it('rebuilds a period whose mirror failed, and clears the repair', async () => {
    const clock = fixedClock(new Date());
    const b = await boardWith('never', clock);
    await b.put('x', 1);
    await b.deps.record.requestRepair(b.id, 'all');
    const report = await rollover(b.deps);
    expect(report.repaired).toContainEqual({ board: b.id, period: 'all' });
    expect((await b.deps.record.repairs()).filter((r) => r.board === b.id)).toEqual([]);
  });
});

describe('past periods', () => {
  it('a write cannot name a period', async () => {
    const res = await api('POST', '/api/boards/global/scores', { token: SERVER(), body: { playerId: 'p', score: 1, period: '2020-01-01' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect((await submit('global', 'p', 1)).status).toBe(200);
  });
});
