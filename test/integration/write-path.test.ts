/**
 * The write path's guarantees on the test stack's real Valkey (docs/write-path.md): the mirror
 * converges whatever order entries arrive in, a rebuild during writes ends equal to the record,
 * and the board version (X-Board-Seq) certifies what an answer holds: an answer with version V
 * reflects every write acknowledged with a version up to V.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { upsertBoard, submitScore } from '../../origin/leaderboard/commands.ts';
import { topEntries } from '../../origin/leaderboard/queries.ts';
import { rebuildPeriod } from '../../origin/leaderboard/rebuild.ts';
import { BoardVersion } from '../../origin/leaderboard/version.ts';
import { boardSpace } from '../../origin/projection/keys.ts';
import type { RecordEntry } from '../../origin/record/types.ts';
import { api, createBoard, rpc, submit, uniqueBoard, verifyBoard } from '../helpers.ts';
import { closeValkey, originDeps } from '../origin-deps.ts';

const server = { kind: 'server', keyId: 'test' } as const;

afterAll(closeValkey);

const entry = (playerId: string, score: number, seq: number, ms = 1_700_000_000_000): RecordEntry => ({
  playerId,
  score,
  seq,
  achievedAtMs: ms + seq,
  achievedAt: new Date(ms + seq).toISOString(),
  metadata: null,
});

/** Deps whose answers note their board version, like one origin request. */
function request(overrides: Record<string, string> = {}) {
  const deps = { ...originDeps(() => new Date(), overrides), boardVersion: new BoardVersion() };
  return { deps, version: () => deps.boardVersion.value };
}

describe('the projection mirror', () => {
  it('applies entries in any order and keeps the newest state of each; the version only moves up', async () => {
    const { deps } = request();
    const board = { id: `mirror-${uniqueBoard()}`, incarnation: 1, sort: 'desc' as const };
    const valkey = await deps.projection();
    // Three states of one entry and one of another, in every order: the end state is the same.
    const states = [entry('a', 10, 3), entry('a', 30, 9), entry('a', 20, 6), entry('b', 5, 7)];
    const orders = [[0, 1, 2, 3], [3, 2, 1, 0], [1, 0, 3, 2], [2, 3, 0, 1]];
    for (const [n, order] of orders.entries()) {
      const projection = valkey.period(board, `p${n}`);
      const generation = await projection.beginRebuild();
      let last = 0;
      for (const i of order) {
        const { version } = await projection.apply([states[i]!], false);
        expect(version).toBeGreaterThanOrEqual(last);
        last = version;
      }
      expect(await projection.finishRebuild(generation)).toBe(true);
      const before = await projection.version();
      expect(before).toBe(last);
      expect(before).toBeGreaterThanOrEqual(9);
      // An older state arriving late changes nothing, and does not move the version.
      expect((await projection.apply([states[0]!]))).toEqual({ ranks: [{ newRank: 1, oldRank: 1, total: 2 }], version: before, before });
      expect(projection.readVersion()).toBeNull();
      const { entries } = (await projection.top(null, 10))!;
      expect(entries.map((e) => [e.playerId, e.score, e.seq])).toEqual([['a', 30, 9], ['b', 5, 7]]);
      // The read script tells the version it read with its data: the answer's X-Board-Seq.
      expect(projection.readVersion()).toBe(before);
      // A newer state moves it strictly up; a rebuild keeps it.
      const applied = await projection.apply([entry('b', 50, 11)]);
      const newer = applied.version;
      expect(newer).toBeGreaterThan(before);
      // It tells the version before it too: the one its live event follows (docs/live.md).
      expect(applied.before).toBe(before);
      await projection.beginRebuild();
      expect(await projection.version()).toBe(newer);
    }
  });
});

describe('the board version', () => {
  it('is sent as X-Board-Seq on writes and reads; an unchanged write does not move it', async () => {
    const board = uniqueBoard('ver');
    await createBoard(board);
    const w1 = await submit(board, 'alice', 10);
    const v1 = Number(w1.headers.get('x-board-seq'));
    expect(v1).toBeGreaterThan(0);
    const w2 = await submit(board, 'bob', 20);
    const v2 = Number(w2.headers.get('x-board-seq'));
    expect(v2).toBeGreaterThan(v1);
    const same = await submit(board, 'alice', 5);
    expect(same.body.updated).toBe(false);
    expect(Number(same.headers.get('x-board-seq'))).toBe(v2);
    const read = await api('GET', `/api/boards/${board}/entries`);
    expect(Number(read.headers.get('x-board-seq'))).toBeGreaterThanOrEqual(v2);
    expect(read.body.entries.map((e: { playerId: string }) => e.playerId)).toEqual(['bob', 'alice']);
    // The submissions log holds only the writes that changed something.
    expect((await rpc('lb_submissions', { p_board: board })).length).toBe(2);
    expect(await rpc('lb_write_stats', { p_board: board })).toEqual({ logged: 2, unchanged: 1 });
  });

  it('certifies reads under concurrent writes: an answer at V holds every write acknowledged at or below V', async () => {
    const id = uniqueBoard('cert');
    await upsertBoard(request().deps, id, { name: id, sort: 'desc', operator: 'latest', reset: 'never', writers: 'server' });
    const acks: { playerId: string; score: number; version: number }[] = [];
    const reads: { version: number; scores: Map<string, number> }[] = [];
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; i < 15; i++) {
        const r = request();
        const out = await submitScore(r.deps, id, { playerId: `p${(w * 15 + i) % 8}`, score: w * 1000 + i }, server, null);
        acks.push({ playerId: out.entry.playerId, score: out.entry.score, version: r.version()! });
      }
    };
    const reader = async () => {
      while (!stop) {
        const r = request();
        const page = await topEntries(r.deps, id, { limit: 100 });
        reads.push({ version: r.version()!, scores: new Map(page.entries.map((e) => [e.playerId, e.score])) });
        await new Promise((done) => setTimeout(done, 5));
      }
    };
    const readers = [reader(), reader()];
    try {
      await Promise.all([0, 1, 2, 3].map(writer));
    } finally {
      stop = true;
      await Promise.all(readers);
    }
    expect(acks.every((a) => a.version > 0)).toBe(true);
    expect(reads.length).toBeGreaterThan(5);
    // Every score is written once, so a score tells which write's state it is; the log numbers them.
    const log = await rpc<{ seq: number; playerId: string; resultScore: number }[]>('lb_submissions', { p_board: id });
    expect(log).toHaveLength(acks.length);
    const seqOf = new Map(log.map((l) => [`${l.playerId}/${l.resultScore}`, l.seq]));
    for (const read of reads) {
      const shown = (p: string) => (read.scores.has(p) ? seqOf.get(`${p}/${read.scores.get(p)}`)! : 0);
      for (const a of acks) {
        const seq = seqOf.get(`${a.playerId}/${a.score}`)!;
        if (a.version <= read.version) expect({ ack: a, shown: shown(a.playerId) }).toEqual({ ack: a, shown: Math.max(shown(a.playerId), seq) });
      }
    }
  });
});

describe('a rebuild during writes', () => {
  it('ends equal to the record, with every write of the rebuild window in the projection', async () => {
    const id = uniqueBoard('rb');
    // Small pages, so the rebuild takes many steps and the writes land between them.
    const { deps } = request({ REBUILD_PAGE_SIZE: '5' });
    await upsertBoard(deps, id, { name: id, sort: 'desc', operator: 'increment', reset: 'never', writers: 'server' });
    const put = (p: string, s: number) => submitScore(request().deps, id, { playerId: p, score: s }, server, null);
    for (let i = 0; i < 60; i++) await put(`p${i}`, i + 1);

    const board = await rpc('lb_board', { p_id: id });
    const projection = await deps.projection();
    let pages = 0;
    const writes = (async () => {
      for (let i = 0; i < 120; i++) await put(`p${(i * 7) % 70}`, 1);
    })();
    const rebuilt = await rebuildPeriod(deps, projection.period(board, 'all'), board, () => void pages++);
    await writes;
    expect(pages).toBeGreaterThan(5);
    expect(rebuilt).toBe(true);
    const report = await verifyBoard(id);
    expect(report.differences).toBe(0);
    expect(report.periods[0]).toMatchObject({ ready: true, differences: 0 });
    const all = await topEntries(request().deps, id, { limit: 100 });
    const record = await rpc('lb_read_top', { p_board: id, p_period: 'all', p_limit: 100 });
    expect(all.entries.map((e) => [e.playerId, e.score])).toEqual(record.entries.map((e: RecordEntry) => [e.playerId, e.score]));
    expect(boardSpace(board)).toContain(id);
  });
});
