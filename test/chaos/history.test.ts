/**
 * Concurrency history check: many writers on a few players, one board per operator. The final
 * state must equal a sequential replay of the submissions log in sequence order, and every
 * response must be explained by the log: a write that changed its entry by one log row (its
 * submitted score, resulting score, `previous` and `achievedAt`), and an unchanged write
 * (`updated: false`, not logged) by a state the log produced. Sequence numbers increase but
 * are not contiguous: they come from one sequence for all boards (docs/write-path.md).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Entry, Operator, Sort } from '../../core/index.ts';
import { createBoard, SERVER, uniqueBoard } from '../helpers.ts';
import { pick, report, useStack } from './harness/control.ts';
import { checkBoard, Ledger, readAllThroughEdge, recordEntries, runLoops, submissionLog, submitTo, type Ack, type LogRow } from './harness/ledger.ts';

let edge: string;
beforeAll(async () => {
  // PostgreSQL 15: the writers really race in the SQL functions (PGlite runs one query at a time).
  edge = (await useStack('standalone', { postgres: 'pg15' })).urls.edge;
});

interface State {
  score: number;
  achievedAt: string;
}

/** The operator's rule (docs/api.md), as a client would apply it. */
function apply(op: Operator, sort: Sort, old: number | undefined, score: number): number {
  if (old === undefined) return op === 'decrement' ? -score : score;
  switch (op) {
    case 'best': return sort === 'desc' ? Math.max(old, score) : Math.min(old, score);
    case 'latest': return score;
    case 'increment': return old + score;
    case 'decrement': return old - score;
  }
}

/** Rank order: score by sort, then who reached it first, then player id. */
const rankOrder = (sort: Sort) => (a: [string, State], b: [string, State]) =>
  (sort === 'desc' ? b[1].score - a[1].score : a[1].score - b[1].score) || a[1].achievedAt.localeCompare(b[1].achievedAt) || (a[0] < b[0] ? -1 : 1);

interface Step {
  row: LogRow;
  previous: State | undefined;
  next: State;
  rank: number;
}

/** Replays the log in sequence order; fails on a row whose result the rule does not give. */
function replay(op: Operator, sort: Sort, log: LogRow[]): { state: Map<string, State>; steps: Step[] } {
  const state = new Map<string, State>();
  const steps: Step[] = [];
  for (const [i, row] of log.entries()) {
    expect(row.seq).toBeGreaterThan(log[i - 1]?.seq ?? 0);
    const previous = state.get(row.playerId);
    const score = apply(op, sort, previous?.score, row.score);
    expect({ seq: row.seq, result: row.resultScore }).toEqual({ seq: row.seq, result: score });
    const changed = previous === undefined || previous.score !== score;
    expect({ seq: row.seq, updated: row.updated, changed }).toEqual({ seq: row.seq, updated: true, changed: true });
    const next = changed ? { score, achievedAt: row.submittedAt } : previous;
    state.set(row.playerId, next);
    const rank = [...state].sort(rankOrder(sort)).findIndex(([p]) => p === row.playerId) + 1;
    steps.push({ row, previous, next, rank });
  }
  return { state, steps };
}

/** Pairs each acknowledgement with one log step that explains it exactly; returns the unexplained ones. */
function explain(acks: Ack[], steps: Step[]): { ack: Ack; step?: Step }[] {
  const free = new Set(steps);
  return acks.map((ack) => {
    if (!ack.updated) {
      // Unchanged: it answered with a state some step produced, as both its entry and previous.
      const step = steps.find((s) => s.row.playerId === ack.playerId && s.next.score === ack.entry.score && s.next.achievedAt === ack.entry.achievedAt);
      return step && ack.previous?.score === ack.entry.score ? { ack, step } : { ack };
    }
    for (const step of free) {
      const prevScore = ack.previous?.score;
      if (
        step.row.playerId === ack.playerId &&
        step.row.score === ack.score &&
        step.next.score === ack.entry.score &&
        step.next.achievedAt === ack.entry.achievedAt &&
        step.row.updated === ack.updated &&
        prevScore === step.previous?.score
      ) {
        free.delete(step);
        return { ack, step };
      }
    }
    return { ack };
  });
}

describe('concurrency history', () => {
  it('final state = sequential replay of the log; every response valid at its sequence', async () => {
    const started = Date.now();
    const ledger = new Ledger();
    const boards: { id: string; op: Operator; sort: Sort }[] = [
      { id: uniqueBoard('h-best'), op: 'best', sort: 'desc' },
      { id: uniqueBoard('h-besta'), op: 'best', sort: 'asc' },
      { id: uniqueBoard('h-latest'), op: 'latest', sort: 'desc' },
      { id: uniqueBoard('h-inc'), op: 'increment', sort: 'desc' },
      { id: uniqueBoard('h-dec'), op: 'decrement', sort: 'asc' },
    ];
    for (const b of boards) await createBoard(b.id, { operator: b.op, sort: b.sort });
    const players = ['ann', 'bob', 'cy'];
    const perBoard = pick(80, 400);
    const total = perBoard * boards.length;
    // Distinct scores per board (best/latest), small positive steps (increment/decrement).
    const scoreFor = (op: Operator, i: number) => (op === 'best' || op === 'latest' ? ((i * 7919) % 100_003) - 50_000 : 1 + ((i * 37) % 997));
    await runLoops(16, total, () => false, async (_c, i) => {
      const b = boards[i % boards.length]!;
      await submitTo(ledger, edge, SERVER(), { board: b.id, playerId: players[(i * 7 + (i >> 3)) % players.length]!, score: scoreFor(b.op, i) });
    });
    expect(Object.keys(ledger.classes)).toEqual(['200']);

    let found = 0;
    let differences = 0;
    for (const b of boards) {
      // One more write per board after the concurrent phase: here the history is sequential, so its rank is exact.
      await submitTo(ledger, edge, SERVER(), { board: b.id, playerId: 'ann', score: scoreFor(b.op, total + 1) });
      const lastAck = ledger.acks.at(-1)!;

      const log = await submissionLog(b.id);
      const { state, steps } = replay(b.op, b.sort, log);
      expect(log.length).toBe(ledger.acksOf(b.id).filter((a) => a.updated).length);
      const explained = explain(ledger.acksOf(b.id), steps);
      expect(explained.filter((e) => !e.step).map((e) => e.ack)).toEqual([]);
      for (const { ack } of explained) {
        expect(ack.entry.rank).toBeGreaterThanOrEqual(1);
        expect(ack.entry.rank).toBeLessThanOrEqual(players.length);
      }
      expect(lastAck.entry.rank).toBe([...state].sort(rankOrder(b.sort)).findIndex(([p]) => p === 'ann') + 1);

      // The record, the edge (rank order) and the replay agree.
      const record = await recordEntries(b.id);
      expect(Object.fromEntries(record.map((e) => [e.playerId, { score: e.score, achievedAt: e.achievedAt }]))).toEqual(Object.fromEntries(state));
      const expectedOrder = [...state].sort(rankOrder(b.sort)).map(([p, s], i) => ({ rank: i + 1, playerId: p, score: s.score, achievedAt: s.achievedAt }));
      const fromEdge = await readAllThroughEdge(b.id, ledger.newestSeq(b.id));
      expect(fromEdge.entries.map((e: Entry) => ({ rank: e.rank, playerId: e.playerId, score: e.score, achievedAt: e.achievedAt }))).toEqual(expectedOrder);

      const check = await checkBoard(ledger, b.id);
      expect(check).toMatchObject({ found: check.acknowledged, unacknowledged: 0, differences: 0, edgeDifference: null });
      found += check.found;
      differences += check.differences;
    }
    await report({ scenario: `history check (${boards.length} boards, 4 operators, 16 writers)`, acknowledged: ledger.acks.length, found, fuzzed: 0, errors: ledger.errors(), differences, seconds: (Date.now() - started) / 1000 });
    expect(found).toBe(ledger.acks.length);
  });
});
