/**
 * Load through the edge: concurrent clients mixing 90% reads and 10% writes for a fixed time
 * (full: 200 clients for 60 s; short: 50 clients for 10 s). No error other than a 429, and
 * every acknowledged write is in the record and the projection.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createBoard, SERVER, uniqueBoard } from '../helpers.ts';
import { pick, report, useStack } from './harness/control.ts';
import { checkBoard, classOf, Ledger, runLoops, submitTo } from './harness/ledger.ts';

let edge: string;
beforeAll(async () => {
  edge = (await useStack('standalone')).urls.edge;
});

const PLAYERS = 200;

describe('load', () => {
  it('90% reads, 10% writes through the edge: only 429s allowed, all writes accounted for', async () => {
    const started = Date.now();
    const ledger = new Ledger();
    const board = uniqueBoard('ld');
    await createBoard(board, { operator: 'increment' });
    for (let p = 0; p < 20; p++) await submitTo(ledger, edge, SERVER(), { board, playerId: `p${p}`, score: 1 });

    const clients = pick(50, 200);
    const ms = pick(10_000, 60_000);
    const views = (i: number) => {
      // Seeded players, so that player views are 200s.
      const p = `p${(i * 13) % 20}`;
      return [
        `/api/boards/${board}/entries?limit=10`,
        `/api/boards/${board}/entries?limit=${1 + (i % 100)}`,
        `/api/boards/${board}/players/${p}`,
        `/api/boards/${board}/players/p${i % 20}/around?radius=3`,
        `/api/boards/${board}/players?ids=p1,p2,${p}`,
        `/api/boards/${board}`,
        '/leaderboard?count=5',
      ][i % 7]!;
    };
    const latencies: number[] = [];
    let reads = 0;
    const loadStart = Date.now();
    const steps = await runLoops(clients, 2_000_000, () => Date.now() - loadStart > ms, async (c, i) => {
      const t = performance.now();
      if ((i * 7 + c) % 10 === 0) {
        await submitTo(ledger, edge, SERVER(), { board, playerId: `p${(i * 31 + c) % PLAYERS}`, score: 1 + (i % 50) });
      } else {
        reads++;
        let status = 0;
        let body: unknown = null;
        try {
          const res = await fetch(edge + views(i), { signal: AbortSignal.timeout(30_000) });
          status = res.status;
          body = await res.json().catch(() => null);
        } catch { /* network */ }
        ledger.count(`read ${classOf(status, body)}`);
      }
      latencies.push(performance.now() - t);
    });
    const seconds = (Date.now() - loadStart) / 1000;
    latencies.sort((a, b) => a - b);
    const q = (f: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * f))]!.toFixed(0);
    console.log(`[chaos] load: ${clients} clients, ${seconds.toFixed(1)} s, ${steps} requests (${(steps / seconds).toFixed(0)}/s), ${reads} reads, ${steps - reads} writes; p50 ${q(0.5)} ms, p99 ${q(0.99)} ms; ${JSON.stringify(ledger.classes)}`);

    const bad = Object.keys(ledger.errors()).filter((k) => !/\b429\b/.test(k));
    const check = await checkBoard(ledger, board);
    await report({ scenario: `load: ${clients} clients, 90/10 read/write, ${Math.round(ms / 1000)} s`, acknowledged: check.acknowledged, found: check.found, fuzzed: 0, errors: ledger.errors(), differences: check.differences, seconds: (Date.now() - started) / 1000 });
    expect(bad).toEqual([]);
    expect(steps - reads).toBeGreaterThan(0);
    // Writes that were not acknowledged are 429s, refused before the origin: none of them is in the record.
    expect(check).toMatchObject({ found: check.acknowledged, unacknowledged: 0, differences: 0, edgeDifference: null });
    expect(check.acknowledged + ledger.refused.length).toBe(steps - reads + 20);
  });
});
