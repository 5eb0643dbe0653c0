/**
 * Tiers (docs/boards.md "Tiers") through the edge, on both Valkey modes: every view's entries
 * carry the tier an expectation computed here from the scores and the order gives (score tiers
 * with scores at the thresholds, percentile tiers with equal scores across a cut), one tier's
 * listing pages through exactly its entries, hidden players are left out, the record answers the
 * same when Valkey can't, and bad settings and parameters are refused.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Entry, Sort } from '../../core/index.ts';
import { submitScore, upsertBoard } from '../../origin/leaderboard/commands.ts';
import type { Deps } from '../../origin/leaderboard/deps.ts';
import { liveEvents } from '../../origin/leaderboard/live.ts';
import { rollover } from '../../origin/leaderboard/rollover.ts';
import { tierEntriesPage } from '../../origin/leaderboard/tiers.ts';
import { periodResults } from '../../origin/results/results.ts';
import { webhookEvent } from '../../origin/results/webhooks.ts';
import { ADMIN, api, createBoard, edge, SERVER, submit, uniqueBoard } from '../helpers.ts';
import { closeValkey, fixedClock, originDeps } from '../origin-deps.ts';
import { openSse, type SseStream } from '../sse.ts';

afterAll(closeValkey);
const streams: SseStream[] = [];
afterEach(() => {
  for (const s of streams.splice(0)) s.close();
});

interface E {
  rank: number;
  playerId: string;
  score: number;
  tier?: string | null;
}

async function fill(board: string, scores: Record<string, number>): Promise<string> {
  const res = await api('POST', `/api/boards/${board}/scores/batch`, { token: SERVER(), body: { entries: Object.entries(scores).map(([playerId, score]) => ({ playerId, score })) } });
  expect(res.status).toBe(200);
  return res.headers.get('x-board-seq') ?? '0';
}

/** Every entry of the board, in rank order, through the top list's pages (snapshot pages included). */
async function allEntries(board: string, seq: string, limit = 3): Promise<E[]> {
  const out: E[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: { entries: E[]; nextCursor: string | null } } = await api('GET', `/api/boards/${board}/entries?limit=${limit}&minSeq=${seq}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    out.push(...res.body.entries);
    cursor = res.body.nextCursor;
  } while (cursor);
  return out;
}

/** One tier's listing through the edge, page by page. */
async function tierListing(board: string, tier: string, seq: string, limit: number): Promise<{ entries: E[]; pages: number; tierTotal: number }> {
  const entries: E[] = [];
  let cursor: string | null = null;
  let pages = 0;
  let tierTotal: number;
  do {
    const res: { status: number; body: { entries: E[]; nextCursor: string | null; tierTotal: number; tier: string } } = await api(
      'GET',
      `/api/boards/${board}/tiers/${tier}/entries?limit=${limit}&minSeq=${seq}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.tier).toBe(tier);
    entries.push(...res.body.entries);
    tierTotal = res.body.tierTotal;
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor);
  return { entries, pages, tierTotal };
}

/** One tier's listing read in process (origin), 2 entries a page. */
async function walk(deps: Deps, board: string, tier: string): Promise<Entry[]> {
  const out: Entry[] = [];
  let cursor: string | undefined;
  do {
    const page = await tierEntriesPage(deps, board, tier, { limit: 2, ...(cursor ? { cursor } : {}) });
    out.push(...page.entries);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/** The score tier a score is in, computed naively: the first threshold it reaches. */
const scoreTierOf = (sort: Sort, thresholds: [string, number][], score: number) => thresholds.find(([, t]) => (sort === 'desc' ? score >= t : score <= t))?.[0] ?? null;

/** The percentile tier of a position among n: the first tier whose top P percent (rounded up) holds it. */
const pctTierOf = (tops: [string, number][], position: number, n: number) => tops.find(([, p]) => position <= Math.ceil((n * p) / 100 - 1e-9))?.[0] ?? null;

describe('score tiers', () => {
  for (const sort of ['desc', 'asc'] as const) {
    it(`tags every view's entries and lists each tier, thresholds included (${sort})`, async () => {
      const board = uniqueBoard('tier');
      const thresholds: [string, number][] = sort === 'desc' ? [['gold', 1000], ['silver', 500], ['bronze', 0]] : [['gold', 0], ['silver', 500], ['bronze', 1000]];
      await createBoard(board, { sort, operator: 'latest', tiers: { by: 'score', tiers: thresholds.map(([name, score]) => ({ name, score })) } });
      // Scores at, just inside and just outside every threshold, with ties.
      const scores: Record<string, number> = { a: 1000, b: 1000, c: 999, d: 500, e: 499, f: 501, g: 0, h: -1, i: 1, j: 2 ** 53 - 1, k: -(2 ** 53 - 1), l: 500 };
      const seq = await fill(board, scores);
      const all = await allEntries(board, seq);
      expect(all).toHaveLength(Object.keys(scores).length);
      for (const e of all) expect([e.playerId, e.tier]).toEqual([e.playerId, scoreTierOf(sort, thresholds, e.score)]);

      // A player, around, friends.
      const one = await api('GET', `/api/boards/${board}/players/d?minSeq=${seq}`);
      expect(one.body.entry.tier).toBe('silver');
      const around = await api('GET', `/api/boards/${board}/players/e/around?radius=2&minSeq=${seq}`);
      for (const e of around.body.entries as E[]) expect(e.tier).toBe(scoreTierOf(sort, thresholds, e.score));
      const friends = await api('GET', `/api/boards/${board}/players?ids=a,h,k&minSeq=${seq}`);
      expect(Object.fromEntries((friends.body.entries as E[]).map((e) => [e.playerId, e.tier]))).toEqual({
        a: scoreTierOf(sort, thresholds, 1000),
        h: scoreTierOf(sort, thresholds, -1),
        k: scoreTierOf(sort, thresholds, -(2 ** 53 - 1)),
      });

      // Each tier's listing is exactly its run of the order, in 2-entry pages, with their ranks.
      for (const [name] of thresholds) {
        const want = all.filter((e) => e.tier === name);
        const got = await tierListing(board, name, seq, 2);
        expect(got.entries).toEqual(want);
        expect(got.tierTotal).toBe(want.length);
        expect(got.pages).toBe(Math.max(1, Math.ceil(want.length / 2)));
      }
      // The board view shows the tiers.
      expect((await api('GET', `/api/boards/${board}`)).body.tiers).toEqual({ by: 'score', tiers: thresholds.map(([name, score]) => ({ name, score })) });
    });
  }

  it('numbers a tier listing in the board rank mode', async () => {
    const board = uniqueBoard('tier');
    await createBoard(board, { operator: 'latest', rankMode: 'competition', tiers: { by: 'score', tiers: [{ name: 'high', score: 50 }, { name: 'low', score: 0 }] } });
    const seq = await fill(board, { a: 90, b: 40, c: 40, d: 40, e: 10 });
    const low = await tierListing(board, 'low', seq, 2);
    expect(low.entries.map((e) => [e.score, e.rank])).toEqual([[40, 2], [40, 2], [40, 2], [10, 5]]);
  });
});

describe('percentile tiers', () => {
  it('cut the order at ceil(total × top / 100), splitting equal scores the way the order does', async () => {
    const board = uniqueBoard('ptier');
    const tops: [string, number][] = [['top10', 10], ['top25', 25], ['top60', 60]];
    await createBoard(board, { operator: 'latest', tiers: { by: 'percentile', tiers: tops.map(([name, top]) => ({ name, top })) } });
    // 20 entries: cuts at 2, 5 and 12; equal scores straddle the first two cuts (positions 2-3 and 5-6).
    const scores: Record<string, number> = {};
    const list = [100, 90, 90, 80, 70, 70, 60, 50, 40, 30, 20, 20, 20, 10, 9, 8, 7, 6, 5, 4];
    list.forEach((s, i) => (scores[`p${String(i).padStart(2, '0')}`] = s));
    const seq = await fill(board, scores);
    const all = await allEntries(board, seq, 4);
    expect(all.map((e) => e.score)).toEqual(list);
    all.forEach((e, i) => expect([e.playerId, e.tier]).toEqual([e.playerId, pctTierOf(tops, i + 1, all.length)]));
    // The equal scores across the cuts are in different tiers.
    expect([all[1]!.tier, all[2]!.tier, all[4]!.tier, all[5]!.tier]).toEqual(['top10', 'top25', 'top25', 'top60']);
    // The player view and around use the same positions.
    const p = all[2]!;
    expect((await api('GET', `/api/boards/${board}/players/${p.playerId}?minSeq=${seq}`)).body.entry.tier).toBe('top25');
    const around = (await api('GET', `/api/boards/${board}/players/${all[11]!.playerId}/around?radius=1&minSeq=${seq}`)).body.entries as E[];
    expect(around.map((e) => e.tier)).toEqual(['top60', 'top60', null]);

    for (const [name] of tops) {
      const want = all.filter((e) => e.tier === name);
      const got = await tierListing(board, name, seq, 2);
      expect(got.entries).toEqual(want);
      expect(got.tierTotal).toBe(want.length);
    }
  });

  it('leaves hidden players out of the tiers and the listing, and the record answers the same', async () => {
    const board = uniqueBoard('ptier');
    const tops: [string, number][] = [['top20', 20], ['top50', 50]];
    await createBoard(board, { operator: 'latest', tiers: { by: 'percentile', tiers: tops.map(([name, top]) => ({ name, top })) } });
    const scores: Record<string, number> = {};
    for (let i = 0; i < 11; i++) scores[`q${String(i).padStart(2, '0')}`] = 100 - i;
    await fill(board, scores);
    const hide = await api('PUT', `/api/boards/${board}/moderation/q00`, { token: ADMIN(), body: { action: 'hide', reason: 'test' } });
    expect(hide.status).toBe(200);
    const seq = await fill(board, { q10: 89 }); // a write after the hide (q10 stays last), to read at a version that has it
    const all = await allEntries(board, seq);
    expect(all.map((e) => e.playerId)).not.toContain('q00');
    expect(all).toHaveLength(10);
    all.forEach((e, i) => expect(e.tier).toBe(pctTierOf(tops, i + 1, 10)));
    const top20 = await tierListing(board, 'top20', seq, 5);
    expect(top20.entries).toEqual(all.slice(0, 2));

    // The record's answer (Valkey unavailable) is the projection's, page by page.
    const live = originDeps(() => new Date());
    const down = { ...live, projection: () => Promise.reject(new Error('valkey down')) };
    for (const [name] of tops) {
      const fromRecord = await walk(down, board, name);
      expect(fromRecord).toEqual(await walk(live, board, name));
      expect(fromRecord.map((e) => e.playerId)).toEqual(all.filter((e) => e.tier === name).map((e) => e.playerId));
    }
  });
});

describe('score tiers from the record', () => {
  it('lists a score tier without hidden entries when Valkey is down', async () => {
    const board = uniqueBoard('tier');
    await createBoard(board, { sort: 'asc', operator: 'latest', tiers: { by: 'score', tiers: [{ name: 'fast', score: 100 }, { name: 'slow', score: 1000 }] } });
    await fill(board, { a: 50, b: 100, c: 100, d: 101, e: 999, f: 1000, g: 1001, h: 60 });
    expect((await api('PUT', `/api/boards/${board}/moderation/h`, { token: ADMIN(), body: { action: 'hide', reason: 'test' } })).status).toBe(200);
    const live = originDeps(() => new Date());
    const down = { ...live, projection: () => Promise.reject(new Error('valkey down')) };
    const short = async (deps: typeof live, tier: string) => (await walk(deps, board, tier)).map((e) => `${e.playerId}${e.rank}:${e.tier}`);
    expect(await short(down, 'fast')).toEqual(['a1:fast', 'b2:fast', 'c3:fast']);
    expect(await short(down, 'slow')).toEqual(['d4:slow', 'e5:slow', 'f6:slow']);
    expect(await short(live, 'fast')).toEqual(await short(down, 'fast'));
    expect(await short(live, 'slow')).toEqual(await short(down, 'slow'));
  });
});

describe('tier settings and parameters', () => {
  it('refuses bad tier settings with 400 and keeps, replaces or removes them', async () => {
    const board = uniqueBoard('tier');
    const put = (cfg: Record<string, unknown>) => api('PUT', `/api/boards/${board}`, { token: ADMIN(), body: { name: board, sort: 'desc', operator: 'best', reset: 'never', writers: 'server', ...cfg } });
    for (const tiers of [
      { by: 'score', tiers: [{ name: 'a', score: 1 }, { name: 'b', score: 2 }] },
      { by: 'percentile', tiers: [{ name: 'a', top: 50 }, { name: 'b', top: 10 }] },
      { by: 'percentile', tiers: [{ name: 'a', top: 0 }] },
      { by: 'score', tiers: [] },
      { by: 'score' },
      { by: 'rank', tiers: [{ name: 'a', score: 1 }] },
      { by: 'score', tiers: [{ name: 'a', score: 1 }, { name: 'a', score: 0 }] },
      'gold',
    ]) {
      const res = await put({ tiers });
      expect([JSON.stringify(tiers), res.status, res.body.error?.code]).toEqual([JSON.stringify(tiers), 400, 'invalid_request']);
    }
    expect((await api('GET', `/api/boards/${board}`)).status).toBe(404); // no partial write
    const tiers = { by: 'score', tiers: [{ name: 'a', score: 10 }] };
    expect((await put({ tiers })).status).toBe(201);
    expect((await put({ name: 'renamed' })).body.tiers).toEqual(tiers);
    expect((await put({ tiers: null })).body.tiers).toBeNull();
    const seq = await fill(board, { x: 5 });
    const plain = await api('GET', `/api/boards/${board}/entries?minSeq=${seq}`);
    expect(plain.body.entries[0]).not.toHaveProperty('tier');
    expect((await api('GET', `/api/boards/${board}/tiers/a/entries`)).status).toBe(404);
  });

  it('validates the listing before any cache: 400 for bad parameters, 404 for an unknown tier, 405 for other methods', async () => {
    const board = uniqueBoard('tier');
    await createBoard(board, { operator: 'latest', tiers: { by: 'score', tiers: [{ name: 'high', score: 50 }, { name: 'low', score: 0 }] } });
    const seq = await fill(board, { a: 90, b: 80, c: 70, d: 10 });
    const first = await api('GET', `/api/boards/${board}/tiers/high/entries?limit=1&minSeq=${seq}`);
    expect(first.status).toBe(200);
    for (const q of ['limit=0', 'limit=101', 'limit=x', 'cursor=not-a-cursor', 'limit=1&limit=2', `period=${'x'.repeat(20)}`]) {
      const res = await api('GET', `/api/boards/${board}/tiers/high/entries?${q}`);
      expect([q, res.status, res.body?.error?.code]).toEqual([q, 400, 'invalid_request']);
    }
    // A cursor of one tier is refused by another.
    const other = await api('GET', `/api/boards/${board}/tiers/low/entries?cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect([other.status, other.body.error.code]).toEqual([400, 'invalid_request']);
    expect((await api('GET', `/api/boards/${board}/tiers/bad%20name/entries`)).status).toBe(400);
    expect((await api('GET', `/api/boards/${board}/tiers/nope/entries`)).body.error.code).toBe('not_found');
    expect((await api('GET', `/api/boards/${uniqueBoard('none')}/tiers/high/entries`)).status).toBe(404);
    expect((await api('POST', `/api/boards/${board}/tiers/high/entries`, { token: SERVER(), body: {} })).status).toBe(405);
  });

  it('tags cohort views with the tier inside the cohort', async () => {
    const board = uniqueBoard('ctier');
    await createBoard(board, { operator: 'best', tournament: { cohortSize: 4 }, tiers: { by: 'percentile', tiers: [{ name: 'top25', top: 25 }, { name: 'top50', top: 50 }] } });
    for (const [p, s] of [['a', 10], ['b', 20], ['c', 30], ['d', 40], ['e', 50]] as const) {
      expect((await api('POST', `/api/boards/${board}/scores`, { token: SERVER(), body: { playerId: p, score: s } })).status).toBe(200);
    }
    const cohort = await api('GET', `/api/boards/${board}/cohorts/1/entries`);
    expect((cohort.body.entries as E[]).map((e) => `${e.playerId}:${e.tier}`)).toEqual(['d:top25', 'c:top50', 'b:null', 'a:null']);
    const player = await api('GET', `/api/boards/${board}/players/e`);
    expect([player.body.total, player.body.entry.tier]).toEqual([1, 'top25']);
  });
});

describe('tiers outside the views', () => {
  const tops: [string, number][] = [['top25', 25], ['top50', 50]];
  const pct = { by: 'percentile', tiers: tops.map(([name, top]) => ({ name, top })) };

  it('write replies carry the tier of the entry and of the previous one, cut from the total they were ranked in', async () => {
    const board = uniqueBoard('wtier');
    await createBoard(board, { tiers: pct });
    // Each reply's tier is the one a read of the same state gives.
    const writes: [string, number][] = [['a', 40], ['b', 30], ['c', 20], ['d', 10], ['d', 35], ['e', 50], ['c', 45], ['f', 1]];
    const totals = new Set<string>();
    for (const [p, s] of writes) {
      const before = totals.size;
      const res = await submit(board, p, s);
      expect(res.status).toBe(200);
      const seq = res.headers.get('x-board-seq') ?? '0';
      totals.add(p);
      const all = await allEntries(board, seq, 10);
      expect(all.length).toBe(totals.size);
      const at = all.findIndex((e) => e.playerId === p);
      expect(res.body.entry).toMatchObject({ rank: at + 1, tier: pctTierOf(tops, at + 1, all.length) });
      expect(res.body.entry.tier).toBe(all[at]!.tier);
      if (res.body.previous) {
        // The previous entry stood among the same total (the player was already counted).
        expect(before).toBe(totals.size);
        expect(res.body.previous.tier).toBe(pctTierOf(tops, res.body.previous.rank, all.length));
      }
    }
    // 7 entries: g 7th (past top50's cut at 4), then 1st (top25, cut at 2), its previous still 7th.
    const scored = await submit(board, 'g', 5);
    expect(scored.body.entry.tier).toBeNull();
    const climb = await submit(board, 'g', 60);
    expect(climb.body).toMatchObject({ entry: { rank: 1, tier: 'top25' }, previous: { tier: null } });
  });

  it('score tiers in single and batch replies; a cohort reply is cut inside the cohort', async () => {
    const board = uniqueBoard('wtier');
    await createBoard(board, { tiers: { by: 'score', tiers: [{ name: 'gold', score: 100 }, { name: 'silver', score: 50 }] } });
    expect((await submit(board, 'a', 50)).body.entry.tier).toBe('silver');
    const better = await submit(board, 'a', 100);
    expect(better.body).toMatchObject({ entry: { tier: 'gold' }, previous: { tier: 'silver' } });
    const batch = await api('POST', `/api/boards/${board}/scores/batch`, { token: SERVER(), body: { entries: [{ playerId: 'b', score: 49 }, { playerId: 'c', score: 99 }] } });
    expect(batch.body.results.map((r: { entry: E }) => r.entry.tier)).toEqual([null, 'silver']);
    // Percentile tiers need a rank: a batch entry carries none.
    const pboard = uniqueBoard('wtier');
    await createBoard(pboard, { tiers: pct });
    const pbatch = await api('POST', `/api/boards/${pboard}/scores/batch`, { token: SERVER(), body: { entries: [{ playerId: 'b', score: 49 }] } });
    expect(pbatch.body.results[0].entry).not.toHaveProperty('tier');

    const cohorts = uniqueBoard('wtier');
    await createBoard(cohorts, { tournament: { cohortSize: 4 }, tiers: pct });
    const replies = [];
    for (const [p, s] of [['a', 10], ['b', 20], ['c', 30], ['d', 40], ['e', 5]] as const) replies.push((await submit(cohorts, p, s)).body.entry.tier);
    // Cohort 1 is a-d: a alone (top25), b over a, c over b and a, d over three; e alone in cohort 2.
    expect(replies).toEqual(['top25', 'top25', 'top25', 'top25', 'top25']);
    const a = await submit(cohorts, 'a', 35);
    // a moves from 4th of 4 (none) to 2nd of 4 (top50).
    expect(a.body).toMatchObject({ entry: { rank: 2, tier: 'top50' }, previous: { rank: 4, tier: null }, member: { cohortId: 1 } });
  });

  it('live entry events carry the tier after the change, through the origin and the stream', async () => {
    const board = uniqueBoard('ltier');
    await createBoard(board, { tiers: pct });
    const s = await openSse(`${edge()}/api/boards/${board}/stream?view=top:100`, {});
    streams.push(s);
    for (const [p, sc] of [['a', 10], ['b', 20], ['c', 30], ['d', 40], ['a', 50]] as const) expect((await submit(board, p, sc)).status).toBe(200);
    // After each change: a 1st of 1, b 1st of 2, c 1st of 3, d 1st of 4, a 1st of 4.
    const want = [['a', 1, 'top25'], ['b', 1, 'top25'], ['c', 1, 'top25'], ['d', 1, 'top25'], ['a', 1, 'top25']];
    const events = (await liveEvents(originDeps(() => new Date()), board, { after: 0 })).events;
    expect(events.map((e) => [e.playerId, e.rank, e.tier])).toEqual(want);
    const got = (await s.until((ev) => ev.filter((e) => e.event === 'entry').length >= 5, 15_000, 'five entries')).filter((e) => e.event === 'entry');
    expect(got.map((e) => [e.data.playerId, e.data.rank, e.data.tier])).toEqual(want);
    // Worse scores: positions past the cuts.
    await submit(board, 'e', 1);
    const e = (await liveEvents(originDeps(() => new Date()), board, { after: 0 })).events.at(-1)!;
    expect([e.playerId, e.rank, e.tier]).toEqual(['e', 5, null]);
  });

  it("a closed period's results and its webhook body carry tiers, cut from the period's entries at the close", async () => {
    const clock = fixedClock('2033-09-14T10:00:00.000Z');
    const deps = originDeps(clock.now);
    const id = uniqueBoard('rtier');
    await upsertBoard(deps, id, { name: id, sort: 'desc', operator: 'best', reset: 'daily', writers: 'server', resultsSize: 3, tiers: { by: 'percentile', tiers: [{ name: 'top20', top: 20 }, { name: 'top60', top: 60 }] } });
    for (const [p, s] of [['a', 50], ['b', 40], ['c', 30], ['d', 20], ['e', 10]] as const) await submitScore(deps, id, { playerId: p, score: s }, { kind: 'server', keyId: 't' }, null);
    clock.set('2033-09-15T00:00:30.000Z');
    await rollover(deps);
    const results = await periodResults(deps, id, '2033-09-14');
    // 5 entries: top20 is position 1, top60 positions 2 and 3; the results hold the top 3.
    expect(results.results.map((e) => `${e.playerId}:${e.tier}`)).toEqual(['a:top20', 'b:top60', 'c:top60']);
    const body = await webhookEvent(deps, { eventId: '00000000-0000-4000-8000-000000000000', board: id, period: '2033-09-14', closedAt: results.closedAt, entries: 5, rankMode: 'ordinal', size: 3, results: results.results.map(({ tier: _t, ...e }) => e) } as never);
    expect(body.results.map((e) => e.tier)).toEqual(['top20', 'top60', 'top60']);
  });
});
