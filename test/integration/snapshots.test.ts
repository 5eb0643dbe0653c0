/**
 * Snapshot walks of the top list (docs/paging.md), on the stack's Valkey (standalone or the
 * 3-shard TLS cluster, by phase) and Postgres:
 * - a property test: random boards of every operator, random writes interleaved with walks of
 *   random page sizes, each walk compared with the standings at its pinned version, which the
 *   test computes from the writes it made;
 * - the c01/c18 regression of issue 14, through the edge;
 * - expiry (410), caching headers, the live tail past K, and the record fallback.
 */
import { AwsClient } from 'aws4fetch';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeCursor, encodeRankKey, parseCursor, type EntriesPage, type Operator, type Sort } from '../../core/index.ts';
import { deletePlayer, submitBatch, submitScore, upsertBoard } from '../../origin/leaderboard/commands.ts';
import { topEntriesPage } from '../../origin/leaderboard/queries.ts';
import { boardSpace } from '../../origin/projection/keys.ts';
import { snapshotKeys } from '../../origin/projection/snapshot.ts';
import { api, AWS_KEYS, createBoard, emulator, rpc, SERVER, uniqueBoard, valkeyClient } from '../helpers.ts';
import { closeValkey, fixedClock, originDeps } from '../origin-deps.ts';

afterAll(closeValkey);

const server = { kind: 'server' as const, keyId: 'snapshot-test' };

interface ModelEntry {
  playerId: string;
  score: number;
  achievedAtMs: number;
  metadata: Record<string, unknown> | null;
}

/** Rank order of two entries: the order of their rank keys. */
function compareRank(sort: Sort, a: { score: number; achievedAtMs: number; playerId: string }, b: { score: number; achievedAtMs: number; playerId: string }): number {
  const ka = encodeRankKey(sort, a);
  const kb = encodeRankKey(sort, b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** The operator applied to a stored entry, as the record's lb_apply does it (written independently here). */
function applyWrite(op: Operator, sort: Sort, old: ModelEntry | undefined, w: { playerId: string; score: number; metadata: Record<string, unknown> | null }, atMs: number): ModelEntry {
  const score =
    op === 'best' ? (old ? (sort === 'desc' ? Math.max(old.score, w.score) : Math.min(old.score, w.score)) : w.score)
    : op === 'latest' ? w.score
    : op === 'increment' ? (old?.score ?? 0) + w.score
    : (old?.score ?? 0) - w.score;
  const changed = !old || score !== old.score;
  return { playerId: w.playerId, score, achievedAtMs: changed ? atMs : old.achievedAtMs, metadata: w.metadata ?? old?.metadata ?? null };
}

/** The standings a walk must return: every entry in rank order, ranked 1..n. */
function standings(sort: Sort, entries: Iterable<ModelEntry>) {
  return [...entries]
    .sort((a, b) => compareRank(sort, a, b))
    .map((e, i) => ({ rank: i + 1, playerId: e.playerId, score: e.score, achievedAt: new Date(e.achievedAtMs).toISOString(), metadata: e.metadata }));
}

describe('snapshot walks', () => {
  it('every walk returns the standings at its pinned version, under interleaved writes (property, all operators)', async () => {
    const op = fc.constantFrom<Operator>('best', 'latest', 'increment', 'decrement');
    const write = fc.record({
      kind: fc.constant('write' as const),
      player: fc.nat(29),
      score: fc.integer({ min: -40, max: 40 }),
      metadata: fc.option(fc.record({ v: fc.nat(9) }), { nil: null }),
    });
    const step = fc.record({ kind: fc.constant('step' as const), walk: fc.nat(3), limit: fc.integer({ min: 1, max: 9 }) });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          op,
          sort: fc.constantFrom<Sort>('asc', 'desc'),
          seeded: fc.integer({ min: 0, max: 30 }),
          topK: fc.constantFrom(10_000, 10_000, 6),
          actions: fc.array(fc.oneof(write, step, step), { minLength: 10, maxLength: 45 }),
        }),
        async ({ op: operator, sort, seeded, topK, actions }) => {
          const clock = fixedClock('2026-11-30T12:00:00.000Z');
          const deps = originDeps(clock.now, { SNAPSHOT_TOP_K: String(topK) });
          const id = uniqueBoard('snap');
          await upsertBoard(deps, id, { name: id, sort, operator, reset: 'never', writers: 'server' });
          const tick = () => clock.set(new Date(clock.now().getTime() + 1000));

          // What the test wrote: each player's entry after every version.
          const current = new Map<string, ModelEntry>();
          const byVersion = new Map<string, ModelEntry[]>();
          // The period's version (docs/write-path.md): each acknowledged write has moved it.
          const version = async () => String(await (await deps.projection()).period((await deps.record.board(id))!, 'all').version());
          const remember = async () => byVersion.set(await version(), [...current.values()].map((e) => ({ ...e })));
          if (seeded > 0) {
            tick();
            const at = clock.now().getTime();
            const rows = Array.from({ length: seeded }, (_, i) => ({ playerId: `p${String(i).padStart(2, '0')}`, score: (i * 7) % 23, metadata: { seed: i } }));
            await submitBatch(deps, id, rows, server);
            for (const r of rows) current.set(r.playerId, applyWrite(operator, sort, current.get(r.playerId), r, at));
          }
          await remember();

          interface Walk { cursor: string | null; pages: EntriesPage[]; pinned: string | null; currentAtStart: ModelEntry[] | null; done: boolean }
          const walks: Walk[] = Array.from({ length: 4 }, () => ({ cursor: null, pages: [], pinned: null, currentAtStart: null, done: false }));

          const check = (w: Walk) => {
            const seen = w.pages.flatMap((p) => p.entries);
            const first = w.pages[0]!;
            if (!first.snapshot) {
              // One page held the whole board: it is the standings when it was read.
              expect(w.pages).toHaveLength(1);
              expect(seen).toEqual(standings(sort, w.currentAtStart!));
              return;
            }
            const at = byVersion.get(first.snapshot.version);
            expect(at, `version ${first.snapshot.version} is one the test made`).toBeDefined();
            const expected = standings(sort, at!);
            const size = first.snapshot.size;
            expect(size).toBe(Math.min(topK, expected.length));
            // The pinned part: exactly the standings at that version, each entry once, with its ranks then.
            expect(seen.slice(0, size)).toEqual(expected.slice(0, size));
            for (const p of w.pages.filter((p) => p.snapshot)) {
              expect(p.snapshot).toEqual(first.snapshot);
              expect(p.total).toBe(expected.length);
            }
            // Past K the walk is live: strictly after the last pinned entry, in rank order, each rank key once.
            const tail = seen.slice(size);
            const key = (e: { score: number; achievedAt: string; playerId: string }) => ({ score: e.score, achievedAtMs: Date.parse(e.achievedAt), playerId: e.playerId });
            for (let i = 0; i < tail.length; i++) {
              const prev = i === 0 ? seen[size - 1]! : tail[i - 1]!;
              expect(compareRank(sort, key(prev), key(tail[i]!))).toBeLessThan(0);
            }
            if (size === expected.length) expect(tail).toEqual([]);
          };

          let writes = 0;
          for (const a of actions) {
            if (a.kind === 'write') {
              tick();
              const w = { playerId: `p${String(a.player).padStart(2, '0')}`, score: a.score, metadata: a.metadata };
              const want = applyWrite(operator, sort, current.get(w.playerId), w, clock.now().getTime());
              const before = Number(await version());
              const ack = await submitScore(deps, id, w, server, null);
              expect(ack.entry.score).toBe(want.score);
              // A write that changed the entry moves the version up; one that changed nothing leaves it.
              const after = Number(await version());
              expect(after > before).toBe(ack.updated || JSON.stringify(current.get(w.playerId)) !== JSON.stringify(want));
              current.set(w.playerId, want);
              writes++;
              await remember();
              continue;
            }
            const w = walks[a.walk]!;
            if (w.done) Object.assign(w, { cursor: null, pages: [], pinned: null, currentAtStart: null, done: false });
            if (w.pages.length === 0) w.currentAtStart = [...current.values()].map((e) => ({ ...e }));
            const { page } = await topEntriesPage(deps, id, { limit: a.limit, ...(w.cursor ? { cursor: w.cursor } : {}) });
            w.pages.push(page);
            w.cursor = page.nextCursor;
            if (!w.cursor) {
              w.done = true;
              check(w);
            }
          }
          // Finish every open walk after all the writes, and check it too.
          for (const w of walks.filter((w) => w.pages.length > 0 && !w.done)) {
            while (w.cursor) {
              const { page } = await topEntriesPage(deps, id, { limit: 5, cursor: w.cursor });
              w.pages.push(page);
              w.cursor = page.nextCursor;
            }
            check(w);
          }
          expect(byVersion.has(await version())).toBe(true);
          expect(byVersion.size).toBeLessThanOrEqual(writes + 1);
        },
      ),
      { numRuns: Number(process.env.LB_SNAPSHOT_RUNS ?? 15) },
    );
  }, 300_000);

  it('regression c01/c18: on a latest board, a player who drops mid-walk is returned once and one who rises is not lost', async () => {
    const board = uniqueBoard('c01');
    await createBoard(board, { operator: 'latest' });
    // c00 1010, c01 1000, ..., c18 830, c20 810.
    const entries = Array.from({ length: 21 }, (_, i) => ({ playerId: `c${String(i).padStart(2, '0')}`, score: 1010 - 10 * i }));
    expect((await api('POST', `/api/boards/${board}/scores/batch`, { token: SERVER(), body: { entries } })).status).toBe(200);
    const first = await api('GET', `/api/boards/${board}/entries?limit=5`);
    expect(first.status).toBe(200);
    expect(first.body.snapshot).toMatchObject({ size: 21 });
    expect((await api('POST', `/api/boards/${board}/scores`, { token: SERVER(), body: { playerId: 'c01', score: 1 } })).status).toBe(200);
    expect((await api('POST', `/api/boards/${board}/scores`, { token: SERVER(), body: { playerId: 'c18', score: 5000 } })).status).toBe(200);
    const pages = [first];
    while (pages.at(-1)!.body.nextCursor) {
      const next = await api('GET', `/api/boards/${board}/entries?limit=5&cursor=${encodeURIComponent(pages.at(-1)!.body.nextCursor)}`);
      expect(next.status).toBe(200);
      pages.push(next);
    }
    const seen = pages.flatMap((p) => p.body.entries);
    expect(seen.map((e: any) => e.playerId)).toEqual(entries.map((e) => e.playerId));
    expect(seen.map((e: any) => e.rank)).toEqual(entries.map((_, i) => i + 1));
    expect(seen.find((e: any) => e.playerId === 'c01')).toMatchObject({ rank: 2, score: 1000 });
    expect(seen.find((e: any) => e.playerId === 'c18')).toMatchObject({ rank: 19, score: 830 });
    expect(new Set(pages.map((p) => p.body.snapshot.version)).size).toBe(1);
    // A walk that starts after the writes sees them (a new version, not the shared snapshot).
    await new Promise((r) => setTimeout(r, 1100));
    const again = await api('GET', `/api/boards/${board}/entries?limit=25`);
    expect(again.body.entries[0]).toMatchObject({ playerId: 'c18', score: 5000, rank: 1 });
    expect(again.body.entries.at(-1)).toMatchObject({ playerId: 'c01', score: 1, rank: 21 });
  });

  it('answers an unknown or expired snapshot cursor with 410 and the envelope, through the edge', async () => {
    const board = uniqueBoard('gone');
    await createBoard(board);
    const entries = Array.from({ length: 8 }, (_, i) => ({ playerId: `g${i}`, score: i }));
    expect((await api('POST', `/api/boards/${board}/scores/batch`, { token: SERVER(), body: { entries } })).status).toBe(200);
    const forged = encodeCursor({ kind: 'snapshot', snapshotId: '0123456789abcdef', period: 'all', offset: 3 });
    const res = await api('GET', `/api/boards/${board}/entries?limit=3&cursor=${forged}`);
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe('snapshot_expired');
    expect(res.body.error.message).toMatch(/start again from the first page/i);
    expect(typeof res.body.requestId).toBe('string');

    // A real snapshot whose key is gone (as after its TTL, or a Valkey restart).
    const first = await api('GET', `/api/boards/${board}/entries?limit=3`);
    const cursor = parseCursor(first.body.nextCursor)!;
    expect(cursor.kind).toBe('snapshot');
    const c = await valkeyClient();
    try {
      const record = await rpc('lb_board', { p_id: board });
      const key = snapshotKeys(boardSpace({ id: board, incarnation: record.incarnation }), 'all', cursor.kind === 'snapshot' ? cursor.snapshotId : '').snapshot;
      expect(await c.del([key])).toBe(1);
    } finally {
      c.close();
    }
    const expired = await api('GET', `/api/boards/${board}/entries?limit=3&cursor=${first.body.nextCursor}`);
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe('snapshot_expired');
    // Starting again works.
    const restart = await api('GET', `/api/boards/${board}/entries?limit=3`);
    expect(restart.status).toBe(200);
  });

  it('a snapshot expires after its TTL: 410, never a different order', async () => {
    const deps = originDeps(() => new Date(), { SNAPSHOT_TTL_SECONDS: '2', SNAPSHOT_SHARE_MS: '0' });
    const id = uniqueBoard('ttl');
    await upsertBoard(deps, id, { name: id, sort: 'desc', operator: 'latest', reset: 'never', writers: 'server' });
    await submitBatch(deps, id, Array.from({ length: 6 }, (_, i) => ({ playerId: `t${i}`, score: i })), server);
    const first = await topEntriesPage(deps, id, { limit: 2 });
    expect(first.caching).toEqual({ maxAgeSeconds: 1, immutable: false, staleSeconds: 5, staleIfErrorSeconds: 3600 });
    const second = await topEntriesPage(deps, id, { limit: 2, cursor: first.page.nextCursor! });
    expect(second.caching?.immutable).toBe(true);
    expect(second.caching!.maxAgeSeconds).toBeLessThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 2300));
    await expect(topEntriesPage(deps, id, { limit: 2, cursor: second.page.nextCursor! })).rejects.toMatchObject({ status: 410, code: 'snapshot_expired' });
  });

  it('marks snapshot pages immutable for the snapshot lifetime, and first pages no longer than it (origin headers)', async () => {
    const board = uniqueBoard('imm');
    await createBoard(board, { cacheSeconds: 3600 });
    const entries = Array.from({ length: 12 }, (_, i) => ({ playerId: `i${i}`, score: i }));
    expect((await api('POST', `/api/boards/${board}/scores/batch`, { token: SERVER(), body: { entries } })).status).toBe(200);
    const aws = new AwsClient({ ...AWS_KEYS(), service: 'lambda', region: 'us-east-1', retries: 0 });
    const first = await aws.fetch(`${emulator()}/api/boards/${board}/entries?limit=5`);
    expect(first.status).toBe(200);
    const firstBody = (await first.json()) as EntriesPage;
    // cacheSeconds is an hour, but a cached first page must not outlive its snapshot; the stale windows are the board's (staleSeconds bounded by max-age).
    expect(first.headers.get('cache-control')).toMatch(/^public, max-age=(\d|[12]\d|30), stale-while-revalidate=\1, stale-if-error=3600$/);
    const url = `${emulator()}/api/boards/${board}/entries?limit=5&cursor=${firstBody.nextCursor}`;
    const second = await aws.fetch(url);
    expect(second.headers.get('cache-control')).toMatch(/^public, max-age=(\d|[1-5]\d|60), stale-while-revalidate=\1, stale-if-error=3600, immutable$/);
    const body = await second.text();
    // A read after a write asks for the write's version (minSeq): its first page holds the write.
    const write = await api('POST', `/api/boards/${board}/scores`, { token: SERVER(), body: { playerId: 'i1', score: 50 } });
    expect(write.status).toBe(200);
    const writeVersion = Number(write.headers.get('x-board-seq'));
    expect(writeVersion).toBeGreaterThan(Number(firstBody.snapshot!.version));
    const fresh = (await (await aws.fetch(`${emulator()}/api/boards/${board}/entries?limit=5`, { headers: { 'x-lb-min-seq': String(writeVersion) } })).json()) as EntriesPage;
    expect(fresh.entries[0]).toMatchObject({ playerId: 'i1', score: 50, rank: 1 });
    expect(Number(fresh.snapshot!.version)).toBeGreaterThanOrEqual(writeVersion);
    // A write changes nothing in the snapshot's pages.
    expect((await api('POST', `/api/boards/${board}/scores`, { token: SERVER(), body: { playerId: 'i0', score: 99 } })).status).toBe(200);
    expect(await (await aws.fetch(url)).text()).toBe(body);
    // Through the edge the same page is served with the snapshot's answer too.
    const viaEdge = await api('GET', `/api/boards/${board}/entries?limit=5&cursor=${firstBody.nextCursor}`);
    expect(JSON.stringify(viaEdge.body)).toBe(body);
  });

  it('walks share a snapshot while its version is current, or within the window at the version asked for; an erasure is never shared', async () => {
    const deps = originDeps(() => new Date(), { SNAPSHOT_SHARE_MS: '1500' });
    const id = uniqueBoard('share');
    await upsertBoard(deps, id, { name: id, sort: 'desc', operator: 'latest', reset: 'never', writers: 'server' });
    await submitBatch(deps, id, Array.from({ length: 5 }, (_, i) => ({ playerId: `s${i}`, score: i })), server);
    const first = (await topEntriesPage(deps, id, { limit: 2 })).page.snapshot!;
    await new Promise((r) => setTimeout(r, 1600));
    // Past the window, but the version is unchanged: the same snapshot.
    expect((await topEntriesPage(deps, id, { limit: 2 })).page.snapshot).toEqual(first);
    await submitScore(deps, id, { playerId: 's0', score: 100 }, server, null);
    // Within the sharing window of that snapshot: still shared, without the write.
    const shared = await topEntriesPage(deps, id, { limit: 2 });
    expect(shared.page.snapshot).toEqual(first);
    expect(shared.page.entries[0]!.playerId).toBe('s4');
    // A read that follows a write asks for its version (minSeq): a new snapshot that holds it.
    const written = await (await deps.projection()).period((await deps.record.board(id))!, shared.page.period).version();
    expect(written).toBeGreaterThan(Number(first.version));
    const fresh = await topEntriesPage(deps, id, { limit: 2 }, { minVersion: written });
    expect(Number(fresh.page.snapshot!.version)).toBeGreaterThanOrEqual(written);
    expect(fresh.page.entries[0]).toMatchObject({ playerId: 's0', score: 100, rank: 1 });
    await new Promise((r) => setTimeout(r, 1600));
    const moved = await topEntriesPage(deps, id, { limit: 2 });
    expect(moved.page.snapshot).toEqual(fresh.page.snapshot);
    expect(moved.page.entries[0]).toMatchObject({ playerId: 's0', score: 100, rank: 1 });
    // An erasure bumps the projection generation: the next walk gets a new snapshot without the player.
    await deletePlayer(deps, id, 's0');
    const erased = await topEntriesPage(deps, id, { limit: 2 });
    expect(erased.page.entries.map((e) => e.playerId)).toEqual(['s4', 's3']);
    expect(erased.page.total).toBe(4);
  });

  it('past K the walk goes on live after the last pinned entry; the part within K stays pinned', async () => {
    const clock = fixedClock('2026-11-30T12:00:00.000Z');
    const deps = originDeps(clock.now, { SNAPSHOT_TOP_K: '7' });
    const id = uniqueBoard('topk');
    await upsertBoard(deps, id, { name: id, sort: 'desc', operator: 'latest', reset: 'never', writers: 'server' });
    await submitBatch(deps, id, Array.from({ length: 20 }, (_, i) => ({ playerId: `k${String(i).padStart(2, '0')}`, score: 100 - i })), server);
    const p1 = await topEntriesPage(deps, id, { limit: 5 });
    expect(p1.page.snapshot).toMatchObject({ size: 7 });
    expect(p1.page.total).toBe(20);
    // k01 drops into the tail and k15 rises into the top after the snapshot.
    clock.set('2026-11-30T12:00:01.000Z');
    await submitScore(deps, id, { playerId: 'k01', score: 84 }, server, null); // between k15 (85) and k17 (83)
    await submitScore(deps, id, { playerId: 'k15', score: 1000 }, server, null);
    const p2 = await topEntriesPage(deps, id, { limit: 5, cursor: p1.page.nextCursor! });
    expect(p2.page.entries.map((e) => [e.playerId, e.rank])).toEqual([['k05', 6], ['k06', 7]]);
    expect(parseCursor(p2.page.nextCursor!)).toMatchObject({ kind: 'live', period: 'all' });
    const p3 = await topEntriesPage(deps, id, { limit: 5, cursor: p2.page.nextCursor! });
    expect(p3.page.snapshot).toBeNull();
    // Live ranks after k06 (94): k15 is now first, so k07 is 8th. Documented past K: k15, who rose
    // past the walk's position, is not returned; k01, who dropped behind it, comes again (live).
    expect(p3.page.entries.map((e) => [e.playerId, e.rank])).toEqual([['k07', 8], ['k08', 9], ['k09', 10], ['k10', 11], ['k11', 12]]);
    const rest: string[] = [];
    for (let cursor = p3.page.nextCursor; cursor; ) {
      const p = await topEntriesPage(deps, id, { limit: 5, cursor });
      rest.push(...p.page.entries.map((e) => e.playerId));
      cursor = p.page.nextCursor;
    }
    expect(rest).toEqual(['k12', 'k13', 'k14', 'k16', 'k01', 'k17', 'k18', 'k19']);
  });

  it('a first page the record answers (projection not ready) has no snapshot and pages live; snapshot cursors still read Valkey', async () => {
    const deps = originDeps(() => new Date());
    const id = uniqueBoard('rec');
    await upsertBoard(deps, id, { name: id, sort: 'asc', operator: 'best', reset: 'never', writers: 'server' });
    await submitBatch(deps, id, Array.from({ length: 9 }, (_, i) => ({ playerId: `r${i}`, score: i })), server);
    const pinned = await topEntriesPage(deps, id, { limit: 4 });
    expect(pinned.page.snapshot).not.toBeNull();
    const board = (await deps.record.board(id))!;
    const projection = (await deps.projection()).period(board, 'all');
    // Not ready, and someone else holds the rebuild lock: reads are answered by the record.
    await projection.markStale();
    const token = await projection.lock(30_000);
    try {
      const fromRecord = await topEntriesPage(deps, id, { limit: 4 });
      expect(fromRecord.page.snapshot).toBeNull();
      expect(fromRecord.page.entries.map((e) => e.playerId)).toEqual(['r0', 'r1', 'r2', 'r3']);
      expect(parseCursor(fromRecord.page.nextCursor!)).toMatchObject({ kind: 'live' });
      const next = await topEntriesPage(deps, id, { limit: 4, cursor: fromRecord.page.nextCursor! });
      expect(next.page.entries.map((e) => e.rank)).toEqual([5, 6, 7, 8]);
      // The pinned walk goes on from its snapshot, which a rebuild does not touch.
      const pinnedNext = await topEntriesPage(deps, id, { limit: 4, cursor: pinned.page.nextCursor! });
      expect(pinnedNext.page.snapshot).toEqual(pinned.page.snapshot);
      expect(pinnedNext.page.entries.map((e) => e.playerId)).toEqual(['r4', 'r5', 'r6', 'r7']);
    } finally {
      if (token) await projection.unlock(token);
    }
  });
});
