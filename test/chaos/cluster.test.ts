/**
 * The 3-shard TLS Valkey cluster with replicas under write load: a manual failover, then a
 * primary SIGKILLed (its replica takes over) and restarted. The origin's GLIDE cluster client
 * follows the topology; no acknowledged write is lost from the record or the projection.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createBoard, SERVER, uniqueBoard } from '../helpers.ts';
import { control, pick, report, sleep, useStack, waitFor, type StackInfo } from './harness/control.ts';
import { checkBoard, classOf, Ledger, runLoops, submitTo } from './harness/ledger.ts';

let info: StackInfo;
beforeAll(async () => {
  info = await useStack('cluster');
});

type Node = { host: string; port: number };

describe('Valkey cluster faults', () => {
  it('failover and a killed primary: GLIDE recovers, no acknowledged write is lost', async () => {
    const started = Date.now();
    const ledger = new Ledger();
    // Boards land on different hash slots, so writes reach every shard.
    const boards = Array.from({ length: 6 }, () => uniqueBoard('cl'));
    for (const b of boards) await createBoard(b, { operator: 'increment' });
    const ms = pick(24_000, 60_000);
    const t0 = Date.now();
    const done = () => Date.now() - t0 > ms;
    const events: string[] = [];

    const timeline = async () => {
      const primaries = await control<Node[]>('GET', '/cluster/primaries');
      const replicas = info.clusterPorts.filter((p) => !primaries.some((n) => n.port === p));
      await sleep(ms * 0.15);
      // A manual failover: the replica catches up first, so nothing is lost by design.
      const promoted = replicas[0]!;
      await control('POST', '/cluster/failover', { port: promoted });
      events.push(`failover to ${promoted} at ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      await sleep(ms * 0.2);
      // A hard kill of another primary: its replica is promoted after the node timeout.
      const victim = (await control<Node[]>('GET', '/cluster/primaries')).map((n) => n.port).find((p) => p !== promoted)!;
      await control('POST', '/cluster/kill', { port: victim });
      events.push(`SIGKILL ${victim} at ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      await waitFor('a replica to take over the killed primary\'s slots', 30_000, async () => {
        const now = await control<Node[]>('GET', '/cluster/primaries');
        return now.length === 3 && !now.some((n) => n.port === victim);
      });
      events.push(`3 primaries again at ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      await sleep(ms * 0.15);
      await control('POST', '/cluster/restart', { port: victim });
      events.push(`${victim} rejoined at ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    };

    await Promise.all([
      runLoops(6, 100_000, done, (_c, i) => submitTo(ledger, info.urls.edge, SERVER(), { board: boards[i % boards.length]!, playerId: `p${i % 10}`, score: 1 + (i % 100) })),
      runLoops(2, 100_000, done, async (_c, i) => {
        const res = await fetch(`${info.urls.edge}/api/boards/${boards[i % boards.length]}/entries?limit=5`).catch(() => null);
        ledger.count(`read ${classOf(res?.status ?? 0, res ? await res.json().catch(() => null) : null)}`);
      }),
      timeline(),
    ]);
    console.log(`[chaos] cluster: ${events.join('; ')}`);

    let found = 0;
    let acknowledged = 0;
    let differences = 0;
    const checks = [];
    for (const b of boards) {
      const check = await checkBoard(ledger, b);
      checks.push({ board: b, ...check });
      found += check.found;
      acknowledged += check.acknowledged;
      differences += check.differences;
    }
    await report({ scenario: 'Valkey cluster: failover + primary SIGKILL', acknowledged, found, fuzzed: 0, errors: ledger.errors(), differences, seconds: (Date.now() - started) / 1000 });
    expect(Object.keys(ledger.classes).filter((k) => !/^(200|503 unavailable|read 200)$/.test(k))).toEqual([]);
    for (const c of checks) expect(c).toMatchObject({ found: c.acknowledged, unacknowledged: 0, differences: 0, edgeDifference: null });
    expect(acknowledged).toBeGreaterThan(50);
  });
});
