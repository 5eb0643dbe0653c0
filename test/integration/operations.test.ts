/**
 * Operations metrics on the real stack (docs/operations.md): a known workload through the edge,
 * then the EMF lines the origin wrote to origin.log are parsed and their counts checked. Then
 * Valkey stops answering while a write is acknowledged, and comes back without that board's
 * projection (as after a restart): the write is counted with a repair request, `stats` (the task
 * and `npm run admin -- stats`) shows the repair pending and the board's projection lag, and the
 * rollover repairs it, after which the lag is 0 and the gauges it published say so.
 */
import { GlideClusterClient } from '@valkey/valkey-glide';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RolloverReport } from '../../origin/leaderboard/rollover.ts';
import { boardSpace, periodKeys } from '../../origin/projection/keys.ts';
import type { OperationsStats } from '../../origin/tasks/stats.ts';
import { adminCli, api, createBoard, rpc, SERVER, submit, task, uniqueBoard, valkeyClient } from '../helpers.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const originLog = () => join(process.env.LB_TEST_LOGS!, 'origin.log');

type Emf = Record<string, unknown> & { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] } };

/** The EMF lines the origin wrote after byte `from` of origin.log. */
function emfLines(from: number): Emf[] {
  return readFileSync(originLog(), 'utf8')
    .slice(from)
    .split('\n')
    .filter((l) => l.startsWith('{"_aws"'))
    .map((l) => JSON.parse(l) as Emf);
}

/** Sum of a counter over the lines (of one operation, or every line with an Operation dimension). */
function total(lines: Emf[], metric: string, where: { Operation?: string; Code?: string } = {}): number {
  let n = 0;
  for (const l of lines) {
    if (where.Code !== undefined ? l.Code !== where.Code : l.Operation === undefined) continue;
    if (where.Operation !== undefined && l.Operation !== where.Operation) continue;
    const v = l[metric];
    if (typeof v === 'number') n += v;
  }
  return n;
}

/** The EMF lines from `from` on, once `until` holds for them (the emulator's output reaches the file a moment after the answer). */
async function emfUntil(from: number, until: (lines: Emf[]) => boolean): Promise<Emf[]> {
  for (let i = 0; ; i++) {
    const lines = emfLines(from);
    if (until(lines) || i === 100) return lines;
    await sleep(100);
  }
}

/** Makes every Valkey node hold its clients' commands for `ms` (CLIENT PAUSE): to the origin, Valkey stops answering. */
async function pauseValkey(ms: number): Promise<void> {
  const c = await valkeyClient();
  try {
    if (c instanceof GlideClusterClient) await c.customCommand(['CLIENT', 'PAUSE', String(ms), 'ALL'], { route: 'allNodes' });
    else await c.customCommand(['CLIENT', 'PAUSE', String(ms), 'ALL']);
  } finally {
    c.close();
  }
}

/** Deletes a board period's projection, as a Valkey restarted without it would have lost it. */
async function dropProjection(board: string, period: string): Promise<void> {
  const k = periodKeys(boardSpace(await rpc('lb_board', { p_id: board })), period);
  const c = await valkeyClient();
  try {
    for (const key of [k.z, k.e, k.meta, k.d, k.n]) await c.del([key]);
  } finally {
    c.close();
  }
}

/** A task's result; fails the test when the task failed. */
async function taskResult<T>(name: string): Promise<T> {
  const reply = await task<T>(name);
  if (!reply.ok) throw new Error(`task ${name}: ${JSON.stringify(reply.error)}`);
  return reply.result;
}

const SCORES = 'POST /api/boards/:board/scores';
const BATCH = 'POST /api/boards/:board/scores/batch';

describe('operations metrics', () => {
  it('counts a known workload in EMF lines, and shows a repair after a Valkey outage until the rollover brings the lag back to 0', async () => {
    const from = statSync(originLog()).size;
    const board = uniqueBoard('ops');
    await createBoard(board, { operator: 'best', maxScore: 1000, cacheSeconds: 60 });

    // Writes: 2 accepted, 1 unchanged (best keeps 10), 1 refused (out of bounds), a batch of 2 accepted.
    expect((await submit(board, 'p1', 10)).status).toBe(200);
    expect((await submit(board, 'p2', 20)).status).toBe(200);
    expect((await submit(board, 'p1', 5)).body.updated).toBe(false);
    expect((await submit(board, 'p3', 5000)).status).toBe(400);
    const batch = await api('POST', `/api/boards/${board}/scores/batch`, { token: SERVER(), body: { entries: [{ playerId: 'p4', score: 1 }, { playerId: 'p5', score: 2 }] } });
    expect(batch.status).toBe(200);
    // Reads: one of each view, each a first request for its cache key, so each reaches the origin once.
    for (const path of [`entries?limit=7`, `players/p1`, `players/p1/around?radius=1`]) {
      const res = await api('GET', `/api/boards/${board}/${path}`);
      expect([res.status, res.headers.get('x-cache')]).toEqual([200, 'MISS']);
    }
    expect((await api('GET', `/api/boards/${board}/players/nobody`)).status).toBe(404);

    const lines = await emfUntil(from, (l) => total(l, 'Reads') >= 4);
    expect(lines.every((l) => l._aws.CloudWatchMetrics[0]!.Namespace === 'Leaderboard')).toBe(true);
    expect(total(lines, 'WritesAccepted', { Operation: SCORES })).toBe(2);
    expect(total(lines, 'WritesUnchanged', { Operation: SCORES })).toBe(1);
    expect(total(lines, 'WritesRefused', { Operation: SCORES })).toBe(1);
    expect(total(lines, 'WritesAccepted', { Operation: BATCH })).toBe(2);
    expect(total(lines, 'Requests', { Operation: SCORES })).toBe(4);
    // A refused write is counted by its error code on a line of its own.
    expect(total(lines, 'WritesRefused', { Code: 'invalid_request' })).toBe(1);
    expect(total(lines, 'Errors', { Code: 'player_not_found' })).toBe(1);
    expect(total(lines, 'Reads', { Operation: 'GET /api/boards/:board/entries' })).toBe(1);
    expect(total(lines, 'Reads', { Operation: 'GET /api/boards/:board/players/:playerId' })).toBe(2);
    expect(total(lines, 'Reads', { Operation: 'GET /api/boards/:board/players/:playerId/around' })).toBe(1);
    // The new board's projection was built when it was created: one rebuild asked for, one done.
    expect(total(lines, 'RebuildsRequested', { Operation: 'PUT /api/boards/:board' })).toBe(1);
    expect(total(lines, 'RebuildsDone', { Operation: 'PUT /api/boards/:board' })).toBe(1);
    // Timings: every request has its total; writes timed their record calls and the mirror.
    const write = lines.find((l) => l.Operation === SCORES && l.WritesAccepted === 1)!;
    expect(write.RequestTotal).toEqual(expect.any(Number));
    expect([write.RecordCall].flat().length).toBeGreaterThan(0);
    expect([write.ProjectionCall].flat().length).toBe(1);
    // No board id is a dimension, nor anywhere in a metric line.
    for (const l of lines) expect(JSON.stringify(l)).not.toContain(board);

    // Valkey stops answering: the write is acknowledged from the record and its period marked for repair.
    const outage = statSync(originLog()).size;
    await pauseValkey(8000);
    const started = Date.now();
    const during = await submit(board, 'p6', 30);
    expect(during.status).toBe(200);
    expect(during.body.entry).toMatchObject({ playerId: 'p6', score: 30, rank: 1 });
    await sleep(Math.max(0, 8500 - (Date.now() - started)));
    const outageLines = await emfUntil(outage, (l) => total(l, 'RepairsRequested') >= 1);
    expect(total(outageLines, 'RepairsRequested', { Operation: SCORES })).toBe(1);
    // The line carries the request id (metadata, not a dimension), as the request's log lines do.
    expect(outageLines.find((l) => l.RepairsRequested === 1)).toMatchObject({ requestId: during.headers.get('x-request-id') });
    expect(total(outageLines, 'WritesAccepted', { Operation: SCORES })).toBe(1);
    // Valkey comes back without the board's projection.
    await dropProjection(board, 'all');

    const before = await taskResult<OperationsStats>('stats');
    const lagBefore = before.projection.boards.find((b) => b.board === board);
    // Five writes were logged (the unchanged one was not); Valkey reflects none of them.
    expect(lagBefore).toMatchObject({ period: 'all', version: 0, ready: false, behind: 5 });
    expect(before.repairs.periods).toContainEqual(expect.objectContaining({ board, period: 'all' }));
    expect(before.repairs.pending).toBeGreaterThanOrEqual(1);

    const cli = await adminCli('stats');
    expect(cli.code, cli.err).toBe(0);
    expect(cli.out).toMatch(/^repairs pending: [1-9]/m);
    expect(cli.out).toMatch(new RegExp(`^  ${board} +all +newest seq +\\d+ +version +0 +5 behind, not ready$`, 'm'));

    // The rollover repairs it; the gauges it publishes are measured after the repairs.
    const rollover = statSync(originLog()).size;
    const run = await taskResult<RolloverReport>('rollover');
    expect(run.repaired).toContainEqual({ board, period: 'all' });
    const after = await taskResult<OperationsStats>('stats');
    expect(after.projection.boards.find((b) => b.board === board)).toMatchObject({ ready: true, behind: 0 });
    expect(after.repairs.periods).not.toContainEqual(expect.objectContaining({ board }));

    const rolloverLines = await emfUntil(rollover, (l) => l.some((x) => x.Operation === 'task rollover'));
    const gauges = rolloverLines.find((l) => l.Operation === 'task rollover')!;
    expect(gauges._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service'], ['service', 'Operation']]);
    expect(gauges.RepairsDone).toBeGreaterThanOrEqual(1);
    expect(gauges).toMatchObject({ RepairsPending: 0, OldestRepairSeconds: 0 });
    // The lag gauge is the largest over the busiest boards: what `stats` measured right after.
    expect(gauges.ProjectionLag).toBe(after.projection.lag);
    expect(after.counters.counters.RepairsDone).toBeGreaterThanOrEqual(1);

    // The repaired projection answers with every acknowledged write, the one made during the outage first.
    const top = await api('GET', `/api/boards/${board}/entries?limit=10`);
    expect(top.body.entries.map((e: { playerId: string }) => e.playerId)).toEqual(['p6', 'p2', 'p1', 'p5', 'p4']);
  });
});
