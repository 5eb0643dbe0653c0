/**
 * Faults under sustained write load, through the edge: Valkey SIGKILLed and restarted empty,
 * the Supabase side (gateway + its Postgres) stopped, the origin stopped. Every write's
 * acknowledgement is recorded, and afterwards every acknowledged write must be in the record
 * and the projection, and no refused write may be anywhere.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, api, createBoard, SERVER, uniqueBoard } from '../helpers.ts';
import { control, pick, report, sleep, useStack } from './harness/control.ts';
import { checkBoard, classOf, Ledger, runLoops, submitTo } from './harness/ledger.ts';

let edge: string;
beforeAll(async () => {
  edge = (await useStack('standalone')).urls.edge;
});

const PLAYERS = 12;

/** Reads a few views of the board through the edge and counts them as `read <status> <X-Cache>`. */
async function readOnce(ledger: Ledger, board: string, i: number): Promise<{ status: number; cache: string }> {
  const views = [`/api/boards/${board}/entries?limit=${1 + (i % 20)}`, `/api/boards/${board}/players/p${i % PLAYERS}`, `/api/boards/${board}`];
  let status = 0;
  let cache = '';
  try {
    const res = await fetch(edge + views[i % views.length], { signal: AbortSignal.timeout(30_000) });
    status = res.status;
    cache = res.headers.get('x-cache') ?? '';
    await res.arrayBuffer();
  } catch { /* network: status 0 */ }
  ledger.count(`read ${status === 200 ? `200 ${cache}` : classOf(status, null)}`);
  return { status, cache };
}

interface Phase {
  /** Fraction of the run at which the fault starts and at which it is repaired. */
  at: number;
  until: number;
  fault: () => Promise<unknown>;
  repair: () => Promise<unknown>;
  /** Runs once while the fault lasts. */
  probe?: () => Promise<void>;
}

/** Writers and readers for `ms`, with one fault in the middle; returns what happened during the fault. */
async function underLoad(ledger: Ledger, board: string, ms: number, phase: Phase) {
  const started = Date.now();
  const done = () => Date.now() - started > ms;
  let faultStart = Infinity;
  let faultEnd = Infinity;
  const readsDuringFault: { status: number; cache: string }[] = [];
  const timeline = (async () => {
    await sleep(ms * phase.at);
    await phase.fault();
    // Answers to requests already past the record when the fault hit may still arrive for a moment.
    faultStart = Date.now() + 2000;
    const lasts = sleep(ms * (phase.until - phase.at));
    await sleep(2000);
    await phase.probe?.();
    await lasts;
    faultEnd = Date.now();
    await phase.repair();
  })();
  await Promise.all([
    runLoops(6, 100_000, done, (_c, i) => submitTo(ledger, edge, SERVER(), { board, playerId: `p${i % PLAYERS}`, score: 100 + i })),
    runLoops(2, 100_000, done, async (_c, i) => {
      const r = await readOnce(ledger, board, i);
      const now = Date.now();
      if (now > faultStart && now < faultEnd) readsDuringFault.push(r);
    }),
    timeline,
  ]);
  const acksDuringFault = ledger.acks.filter((a) => a.at > faultStart && a.at < faultEnd).length;
  return { readsDuringFault, acksDuringFault };
}

/** Seeds every player once and reads the views, so the projection is ready and the edge has copies. */
async function seed(ledger: Ledger, board: string): Promise<void> {
  for (let p = 0; p < PLAYERS; p++) await submitTo(ledger, edge, SERVER(), { board, playerId: `p${p}`, score: 1 + p });
  for (let i = 0; i < 6; i++) expect((await readOnce(ledger, board, i)).status).toBe(200);
}

async function finish(name: string, ledger: Ledger, board: string, started: number) {
  const check = await checkBoard(ledger, board);
  await report({ scenario: name, acknowledged: check.acknowledged, found: check.found, fuzzed: 0, errors: ledger.errors(), differences: check.differences, seconds: (Date.now() - started) / 1000 });
  expect(check.found).toBe(check.acknowledged);
  expect(check.unacknowledged).toBe(0);
  expect(check.differences).toBe(0);
  expect(check.edgeDifference).toBeNull();
  return check;
}

/** Write classes other than success and a clean 503; read classes other than 200. */
const unexpected = (ledger: Ledger) => Object.keys(ledger.classes).filter((k) => !/^(200|503 unavailable|read 200 .*)$/.test(k));

describe('faults under write load', () => {
  it('Valkey SIGKILLed, then restarted empty: writes acknowledged or a clean 503, reads from Supabase, projection rebuilt', async () => {
    const started = Date.now();
    const ledger = new Ledger();
    const board = uniqueBoard('vk');
    await createBoard(board, { operator: 'increment' });
    await seed(ledger, board);
    const during = await underLoad(ledger, board, pick(12_000, 40_000), {
      at: 0.25,
      until: 0.6,
      fault: () => control('POST', '/valkey/kill'),
      repair: () => control('POST', '/valkey/restart'),
    });
    const check = await finish('Valkey SIGKILL + empty restart', ledger, board, started);
    expect(unexpected(ledger)).toEqual([]);
    // The record kept acknowledging, and reads kept being answered (the origin fell back to Supabase).
    expect(during.acksDuringFault).toBeGreaterThan(0);
    expect(during.readsDuringFault.length).toBeGreaterThan(0);
    expect(during.readsDuringFault.every((r) => r.status === 200)).toBe(true);
    expect(during.readsDuringFault.some((r) => r.cache === 'MISS')).toBe(true);
    // increment: each player's score is the sum of its acknowledged writes.
    const sums = new Map<string, number>();
    for (const a of ledger.acks) sums.set(a.playerId, (sums.get(a.playerId) ?? 0) + a.score);
    const top = await api('GET', `/api/boards/${board}/entries?limit=100`);
    for (const e of top.body.entries) expect(e.score).toBe(sums.get(e.playerId));
    expect(check.acknowledged).toBeGreaterThan(PLAYERS);
  });

  it('Supabase side down: writes get 503 and reach neither store; reads keep being served', async () => {
    const started = Date.now();
    const ledger = new Ledger();
    const board = uniqueBoard('sb');
    const coldReads: { status: number; cache: string }[] = [];
    await createBoard(board, { operator: 'latest' });
    await seed(ledger, board);
    const during = await underLoad(ledger, board, pick(14_000, 40_000), {
      at: 0.25,
      until: 0.6,
      fault: () => control('POST', '/gateway/stop'),
      repair: () => control('POST', '/gateway/start'),
      // Views no one read before: the edge has no copy, so the origin answers them from Valkey.
      probe: async () => {
        for (const view of [`/api/boards/${board}/entries?limit=37`, `/api/boards/${board}/players/p5/around?radius=4`, `/api/boards/${board}/players?ids=p1,p2`]) {
          const r = await api('GET', view);
          ledger.count(`read ${r.status} ${r.headers.get('x-cache')}`);
          coldReads.push({ status: r.status, cache: r.headers.get('x-cache') ?? '' });
        }
      },
    });
    // Refused writes had unique scores: none of them may show up in the record or the projection.
    await finish('Supabase gateway stopped', ledger, board, started);
    expect(unexpected(ledger)).toEqual([]);
    expect(ledger.refused.length).toBeGreaterThan(0);
    expect(ledger.refused.every((r) => r.cls === '503 unavailable')).toBe(true);
    expect(during.acksDuringFault).toBe(0);
    expect(during.readsDuringFault.length).toBeGreaterThan(0);
    expect(during.readsDuringFault.every((r) => r.status === 200)).toBe(true);
    // Views never read before were answered by the origin from Valkey, without the record.
    expect(coldReads).toEqual([{ status: 200, cache: 'MISS' }, { status: 200, cache: 'MISS' }, { status: 200, cache: 'MISS' }]);
    const refusedScores = new Set(ledger.refused.map((r) => r.score));
    const top = await api('GET', `/api/boards/${board}/entries?limit=100`);
    expect(top.body.entries.filter((e: any) => refusedScores.has(e.score))).toEqual([]);
  });

  it('origin down: the edge serves stale copies and refuses writes with a 503 envelope', async () => {
    const started = Date.now();
    const ledger = new Ledger();
    const board = uniqueBoard('od');
    await createBoard(board, { operator: 'best' });
    await seed(ledger, board);
    const views = [`/api/boards/${board}/entries?limit=5`, `/api/boards/${board}/players/p3`, `/api/boards/${board}`];
    const before = await Promise.all(views.map((v) => api('GET', v)));
    for (const r of before) expect(r.status).toBe(200);

    await control('POST', '/emulator/stop');
    try {
      const write = await api('POST', `/api/boards/${board}/scores`, { token: SERVER(), body: { playerId: 'p1', score: 999 } });
      ledger.add({ board, playerId: 'p1', score: 999 }, write.status, write.body, write.headers);
      expect(write.status).toBe(503);
      expect(write.body).toMatchObject({ error: { code: 'unavailable', message: expect.any(String) }, requestId: expect.any(String) });
      expect(write.headers.get('retry-after')).toMatch(/^\d+$/);
      // Past the board's cache time, copies are served stale, unchanged.
      await sleep(5500);
      for (const [i, v] of views.entries()) {
        const r = await api('GET', v);
        ledger.count(`read ${r.status} ${r.headers.get('x-cache')}`);
        expect(r.status).toBe(200);
        expect(r.headers.get('x-cache')).toBe('STALE');
        expect(r.body).toEqual(before[i]!.body);
      }
      // A view never read before has no copy: a clean 503.
      const cold = await api('GET', `/api/boards/${board}/players/p7/around?radius=2`);
      ledger.count(`read ${classOf(cold.status, cold.body)}`);
      expect(cold.status).toBe(503);
      expect(cold.body.error.code).toBe('unavailable');
      const health = await api('GET', '/api/health/deep', { token: ADMIN() });
      expect(health.status).toBe(503);
      expect((await api('GET', '/api/health')).status).toBe(200); // liveness is the edge's own
    } finally {
      await control('POST', '/emulator/start');
    }
    await submitTo(ledger, edge, SERVER(), { board, playerId: 'p1', score: 1000 });
    const after = await api('GET', `/api/boards/${board}/players/p1`);
    expect(after.body.entry.score).toBe(1000);
    expect(after.headers.get('x-cache')).toBe('MISS');
    await finish('origin (emulator) stopped', ledger, board, started);
  });
});
