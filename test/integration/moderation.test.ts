/**
 * Moderation (docs/moderation.md): hide, shadow and ban, per board and for every board, through
 * the edge; public ranks exact and dense around hidden entries in every view, rank mode and store;
 * the audit; the edge cache purged; snapshot walks and rebuilds that race an action; verify and rebuild.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { submitBatch, submitScore, upsertBoard } from '../../origin/leaderboard/commands.ts';
import { changeModeration } from '../../origin/leaderboard/moderation.ts';
import { playerEntry, someEntries, topEntries, topEntriesPage, aroundPlayer } from '../../origin/leaderboard/queries.ts';
import { rebuildPeriod } from '../../origin/leaderboard/rebuild.ts';
import { syncBoard } from '../../origin/sources/sync.ts';
import { startFixtureServer } from '../fixture-server.ts';
import { ADMIN, api, createBoard, entryPages, playerToken, purgeCalls, SERVER, submit, task, uniqueBoard, verifyBoard } from '../helpers.ts';
import { closeValkey, originDeps } from '../origin-deps.ts';

afterAll(closeValkey);

const admin = { kind: 'admin' } as const;
const server = { kind: 'server', keyId: 'test' } as const;
const ranks = (list: { playerId: string; rank: number }[]) => list.map((e) => `${e.playerId}${e.rank}`).join(' ');
const moderate = (method: 'PUT' | 'DELETE', board: string | null, player: string, action: string, reason = 'test') =>
  api(method, board === null ? `/api/moderation/${player}` : `/api/boards/${board}/moderation/${player}`, { token: ADMIN(), body: { action, reason } });

// Scores in submission order: b, c, d tie on 40 (b reached it first), e and f on 30.
const SCORES: [string, number][] = [['a', 50], ['b', 40], ['c', 40], ['d', 40], ['e', 30], ['f', 30], ['g', 20]];
// With b hidden.
const HIDDEN_B = {
  ordinal: 'a1 c2 d3 e4 f5 g6',
  competition: 'a1 c2 d2 e4 f4 g6',
  dense: 'a1 c2 d2 e3 f3 g4',
} as const;
type Mode = keyof typeof HIDDEN_B;
const shown = (mode: Mode, player: string) => Number(HIDDEN_B[mode].split(' ').find((x) => x[0] === player)!.slice(1));

async function seeded(cfg: Record<string, unknown> = {}) {
  const board = uniqueBoard('mod');
  await createBoard(board, cfg);
  for (const [p, s] of SCORES) expect((await submit(board, p, s)).status).toBe(200);
  return board;
}

describe('hide', () => {
  for (const mode of ['ordinal', 'competition', 'dense'] as const) {
    it(`${mode}: every public view leaves the entry out and stays dense; lifting brings it back; all audited`, async () => {
      const board = await seeded({ rankMode: mode });
      const set = await moderate('PUT', board, 'b', 'hide', 'impossible score');
      expect([set.status, set.body]).toEqual([200, { playerId: 'b', scope: 'board', action: 'hide', state: 'set' }]);

      const pages = await entryPages(board, 2);
      expect(ranks(pages.flatMap((p) => p.body.entries))).toBe(HIDDEN_B[mode]);
      expect(pages[0]!.body.total).toBe(6);
      expect((await api('GET', `/api/boards/${board}/players/b`)).status).toBe(404);
      expect((await api('GET', `/api/boards/${board}/players/b/around`)).status).toBe(404);
      const c = await api('GET', `/api/boards/${board}/players/c`);
      expect(c.body).toMatchObject({ entry: { rank: shown(mode, 'c') }, total: 6 });
      const around = await api('GET', `/api/boards/${board}/players/c/around?radius=1`);
      expect(ranks(around.body.entries)).toBe(['a', 'c', 'd'].map((p) => `${p}${shown(mode, p)}`).join(' '));
      const friends = await api('GET', `/api/boards/${board}/players?ids=b,e,a`);
      expect(ranks(friends.body.entries)).toBe(`a1 e${shown(mode, 'e')}`);
      expect((await api('GET', `/api/boards/${board}`)).body.entries).toBe(6);
      expect((await api('GET', `/api/boards/${board}/periods`)).body.periods[0].entries).toBe(6);
      expect((await verifyBoard(board)).differences).toBe(0);

      // A hidden player's writes are kept in the record, and stay hidden.
      const write = await submit(board, 'b', 60);
      expect([write.status, write.body.updated]).toEqual([200, true]);
      expect((await api('GET', `/api/boards/${board}/entries?limit=1`)).body.entries[0].playerId).toBe('a');
      expect((await verifyBoard(board)).differences).toBe(0);

      const lift = await moderate('DELETE', board, 'b', 'hide', 'appeal upheld');
      expect(lift.body.state).toBe('lifted');
      expect((await moderate('DELETE', board, 'b', 'hide')).body.state).toBe('unchanged');
      const back = await api('GET', `/api/boards/${board}/entries?limit=10`);
      expect(back.body.entries.map((e: { playerId: string }) => e.playerId)).toEqual(['b', 'a', 'c', 'd', 'e', 'f', 'g']);
      expect(back.body.total).toBe(7);
      expect((await verifyBoard(board)).differences).toBe(0);

      const state = await api('GET', `/api/boards/${board}/moderation`, { token: ADMIN() });
      expect(state.status).toBe(200);
      expect(state.body.actions).toEqual([]);
      expect(state.body.audit.map((a: { op: string; reason: string; actor: string }) => [a.op, a.reason, a.actor])).toEqual([
        ['lift', 'appeal upheld', 'admin'],
        ['set', 'impossible score', 'admin'],
      ]);
    });
  }

  it('the record answers the same views when the projection cannot', async () => {
    const deps = originDeps(() => new Date());
    const id = uniqueBoard('modrec');
    await upsertBoard(deps, id, { name: id, sort: 'desc', operator: 'best', reset: 'never', writers: 'server', rankMode: 'competition' });
    for (const [p, s] of SCORES) await submitScore(deps, id, { playerId: p, score: s }, server, null);
    await changeModeration(deps, id, 'b', { action: 'hide', reason: 'x' }, admin, true);
    const fromValkey = {
      top: ranks((await topEntries(deps, id, { limit: 3, cursor: undefined }, { pin: false })).entries),
      c: (await playerEntry(deps, id, 'c', {})).entry.rank,
      around: ranks((await aroundPlayer(deps, id, 'e', { radius: 2 })).entries),
      friends: ranks((await someEntries(deps, id, { ids: ['b', 'f', 'a'] })).entries),
    };
    const board = (await deps.record.board(id))!;
    const projection = (await deps.projection()).period(board, 'all');
    await projection.markStale();
    const token = await projection.lock(30_000);
    try {
      const first = await topEntries(deps, id, { limit: 3, cursor: undefined });
      const second = await topEntries(deps, id, { limit: 3, cursor: first.nextCursor! });
      expect(first.snapshot).toBeNull();
      expect(ranks([...first.entries, ...second.entries])).toBe(HIDDEN_B.competition);
      expect({
        top: ranks(first.entries),
        c: (await playerEntry(deps, id, 'c', {})).entry.rank,
        around: ranks((await aroundPlayer(deps, id, 'e', { radius: 2 })).entries),
        friends: ranks((await someEntries(deps, id, { ids: ['b', 'f', 'a'] })).entries),
      }).toEqual(fromValkey);
      await expect(playerEntry(deps, id, 'b', {})).rejects.toMatchObject({ code: 'player_not_found' });
    } finally {
      if (token) await projection.unlock(token);
    }
  });

  it("purges the board's cached views at every edge location", async () => {
    const board = await seeded({ cacheSeconds: 300 });
    const views = [`/api/boards/${board}/entries`, `/api/boards/${board}/players/b`, `/api/boards/${board}/players?ids=b,c`, `/api/boards/${board}/players/c/around`];
    for (const v of views) await api('GET', v);
    for (const v of views) expect((await api('GET', v)).headers.get('x-cache')).toBe('HIT');
    const before = (await purgeCalls()).length;
    const set = await moderate('PUT', board, 'b', 'hide');
    expect(set.headers.get('x-purge-status')).toBe('done');
    expect((await purgeCalls()).slice(before)).toContainEqual(expect.objectContaining({ status: 200, body: { tags: [`lb-board-${board}`, 'lb-boards'] } }));
    for (const v of views) {
      const res = await api('GET', v);
      expect(JSON.stringify(res.body)).not.toContain('"playerId":"b"');
    }
    // A ban changes no view: nothing to purge.
    const beforeBan = (await purgeCalls()).length;
    expect((await moderate('PUT', board, 'c', 'ban')).headers.get('x-purge-status')).toBeNull();
    expect((await purgeCalls()).length).toBe(beforeBan);
  });
});

describe('ban', () => {
  it('refuses every write path with 403 banned, on its board only; the every-board form on every board', async () => {
    const board = await seeded({ writers: 'players' });
    const other = await seeded();
    expect((await moderate('PUT', board, 'c', 'ban', 'bot')).status).toBe(200);
    const single = await submit(board, 'c', 99);
    expect([single.status, single.body.error.code, single.body.error.details]).toEqual([403, 'banned', { board, playerId: 'c' }]);
    const own = await submit(board, 'c', 99, { token: await playerToken('c') });
    expect([own.status, own.body.error.code]).toEqual([403, 'banned']);
    const batch = await api('POST', `/api/boards/${board}/scores/batch`, { token: SERVER(), body: { entries: [{ playerId: 'a', score: 99 }, { playerId: 'c', score: 98 }] } });
    expect([batch.status, batch.body.error.code]).toEqual([403, 'banned']);
    expect((await api('GET', `/api/boards/${board}/players/a`)).body.entry.score).toBe(50);
    // The banned player's entry stays visible: a ban refuses writes only.
    expect((await api('GET', `/api/boards/${board}/players/c`)).body.entry.score).toBe(40);
    expect((await submit(other, 'c', 99)).status).toBe(200);

    expect((await moderate('PUT', null, 'g', 'ban', 'bot everywhere')).body).toEqual({ playerId: 'g', scope: 'all', action: 'ban', state: 'set' });
    for (const b of [board, other]) expect((await submit(b, 'g', 1000)).body.error?.code).toBe('banned');
    const listed = await api('GET', `/api/boards/${other}/moderation`, { token: ADMIN() });
    expect(listed.body.actions).toEqual([expect.objectContaining({ playerId: 'g', scope: 'all', action: 'ban', reason: 'bot everywhere', actor: 'admin' })]);
    expect((await moderate('DELETE', null, 'g', 'ban', 'cleared')).body.state).toBe('lifted');
    expect((await submit(other, 'g', 1000)).status).toBe(200);
    expect((await moderate('DELETE', board, 'c', 'ban', 'cleared')).body.state).toBe('lifted');
    expect((await submit(board, 'c', 99)).status).toBe(200);
  });

  it('moderation is admin-only and validated', async () => {
    const board = await seeded();
    expect((await api('PUT', `/api/boards/${board}/moderation/b`, { token: SERVER(), body: { action: 'hide', reason: 'x' } })).status).toBe(403);
    expect((await api('GET', `/api/boards/${board}/moderation`)).status).toBe(401);
    expect((await api('GET', `/api/boards/${board}/moderation`, { token: SERVER() })).status).toBe(403);
    const bad = await api('PUT', `/api/boards/${board}/moderation/b`, { token: ADMIN(), body: { action: 'mute', reason: '' } });
    expect([bad.status, Object.keys(bad.body.error.details).sort()]).toEqual([400, ['action', 'reason']]);
    expect((await api('PUT', `/api/boards/${board}/moderation/b%20c`, { token: ADMIN(), body: { action: 'hide', reason: 'x' } })).status).toBe(400);
    expect((await moderate('PUT', 'no-such-board-x', 'b', 'hide')).status).toBe(404);
    expect((await api('PATCH', `/api/boards/${board}/moderation/b`, { token: ADMIN() })).status).toBe(405);
  });
});

describe('shadow', () => {
  it('nobody else sees the entry; the player sees it with the rank it would have', async () => {
    const board = await seeded({ rankMode: 'dense', operator: 'latest' });
    expect((await moderate('PUT', board, 'e', 'shadow', 'toxic')).status).toBe(200);
    const top = await api('GET', `/api/boards/${board}/entries?limit=10`);
    expect(ranks(top.body.entries)).toBe('a1 b2 c2 d2 f3 g4');
    expect((await api('GET', `/api/boards/${board}/players/e`)).status).toBe(404);

    const me = await api('GET', `/api/boards/${board}/me`, { token: await playerToken('e') });
    expect(me.status).toBe(200);
    expect(me.headers.get('cache-control')).toBe('private, no-store');
    expect(me.body).toMatchObject({ entry: { playerId: 'e', score: 30, rank: 3 }, total: 7 });
    // The shadowed player's own writes are answered with the rank they would have.
    const write = await submit(board, 'e', 45);
    expect([write.status, write.body.entry.rank]).toEqual([200, 2]);
    expect(ranks((await api('GET', `/api/boards/${board}/entries?limit=10`)).body.entries)).toBe('a1 b2 c2 d2 f3 g4');
    expect((await api('GET', `/api/boards/${board}/me`, { token: await playerToken('e') })).body.entry).toMatchObject({ score: 45, rank: 2 });
    expect((await submit(board, 'e', 30)).body.entry.rank).toBe(3);
    // Someone else's token shows their own entry, never e's.
    const d = await api('GET', `/api/boards/${board}/me`, { token: await playerToken('d') });
    expect(d.body).toMatchObject({ entry: { playerId: 'd', rank: 2 }, total: 6 });
    expect((await api('GET', `/api/boards/${board}/me`)).status).toBe(401);
    expect((await api('GET', `/api/boards/${board}/me`, { token: SERVER() })).status).toBe(403);
    expect((await api('GET', `/api/boards/${board}/me`, { token: await playerToken('nobody') })).status).toBe(404);

    // hide on top of shadow: the player no longer sees it either.
    await moderate('PUT', null, 'e', 'hide', 'escalated');
    expect((await api('GET', `/api/boards/${board}/me`, { token: await playerToken('e') })).status).toBe(404);
    await moderate('DELETE', null, 'e', 'hide', 'x');
    expect((await api('GET', `/api/boards/${board}/me`, { token: await playerToken('e') })).status).toBe(200);
    // A board's own action and an every-board one are separate: e is still shadowed here.
    expect((await api('GET', `/api/boards/${board}/players/e`)).status).toBe(404);
    await moderate('DELETE', board, 'e', 'shadow', 'x');
    expect((await api('GET', `/api/boards/${board}/players/e`)).body.entry.rank).toBe(3);
    expect((await verifyBoard(board)).differences).toBe(0);
  });
});

describe('every board', () => {
  it('hides a player on every board, present and future, and lifting brings them back', async () => {
    const one = await seeded();
    const two = await seeded({ reset: 'daily' });
    // More boards than one purge call takes tags (30): the action purges the one tag every view carries.
    await Promise.all(Array.from({ length: 31 }, () => createBoard(uniqueBoard('modmany'))));
    expect((await api('GET', `/api/boards/${one}/entries?limit=10`)).body.entries[0]).toMatchObject({ playerId: 'a' });
    const before = (await purgeCalls()).length;
    expect((await moderate('PUT', null, 'a', 'hide', 'cheater')).body.scope).toBe('all');
    expect((await purgeCalls()).slice(before)).toContainEqual(expect.objectContaining({ status: 200, body: { tags: ['lb-all'] } }));
    for (const b of [one, two]) {
      const top = await api('GET', `/api/boards/${b}/entries?limit=10`);
      expect(top.body.entries[0]).toMatchObject({ playerId: 'b', rank: 1 });
      expect(top.body.total).toBe(6);
    }
    const later = await seeded();
    expect((await api('GET', `/api/boards/${later}/players/a`)).status).toBe(404);
    await moderate('DELETE', null, 'a', 'hide', 'cleared');
    for (const b of [one, two, later]) expect((await api('GET', `/api/boards/${b}/players/a`)).body.entry.rank).toBe(1);
    expect((await verifyBoard(two)).differences).toBe(0);
  });
});

describe('races', () => {
  it('a snapshot walk started before a hide is refused (410) after it; the restarted walk is dense', async () => {
    const board = uniqueBoard('modsnap');
    await createBoard(board);
    const entries = Array.from({ length: 30 }, (_, i) => ({ playerId: `p${String(i).padStart(2, '0')}`, score: 1000 - i }));
    expect((await api('POST', `/api/boards/${board}/scores/batch`, { token: SERVER(), body: { entries } })).status).toBe(200);
    const first = await api('GET', `/api/boards/${board}/entries?limit=5`);
    expect(first.body.snapshot).not.toBeNull();
    const second = await api('GET', `/api/boards/${board}/entries?limit=5&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.status).toBe(200);
    await moderate('PUT', board, 'p12', 'hide');
    const third = await api('GET', `/api/boards/${board}/entries?limit=5&cursor=${encodeURIComponent(second.body.nextCursor)}`);
    expect([third.status, third.body.error.code]).toEqual([410, 'snapshot_expired']);
    const walk = (await entryPages(board, 5)).flatMap((p) => p.body.entries);
    expect(walk.map((e: { playerId: string }) => e.playerId)).not.toContain('p12');
    expect(walk.map((e: { rank: number }) => e.rank)).toEqual(Array.from({ length: 29 }, (_, i) => i + 1));
  });

  it('a hide during a rebuild: the rebuild does not finish, the next read rebuilds without the player', async () => {
    const deps = originDeps(() => new Date(), { REBUILD_PAGE_SIZE: '3' });
    const id = uniqueBoard('modreb');
    await upsertBoard(deps, id, { name: id, sort: 'desc', operator: 'best', reset: 'never', writers: 'server' });
    await submitBatch(deps, id, Array.from({ length: 9 }, (_, i) => ({ playerId: `r${i}`, score: 100 - i })), server);
    const board = (await deps.record.board(id))!;
    const projection = (await deps.projection()).period(board, 'all');
    expect(await rebuildPeriod(deps, projection, board)).toBe(true);

    // Hide r1 (exported and applied with the first page) between the rebuild's first and second pages.
    const hideAfterFirstPage: typeof deps.record.exportPages = async function* (...args) {
      let n = 0;
      for await (const page of deps.record.exportPages(...args)) {
        yield page;
        if (n++ === 0) await changeModeration(deps, id, 'r1', { action: 'hide', reason: 'race' }, admin, true);
      }
    };
    const raced = await rebuildPeriod({ ...deps, record: { ...deps.record, exportPages: hideAfterFirstPage } }, projection, board);
    // The hide moved the generation: this rebuild never marks the period ready (the next read rebuilds it).
    expect(raced).toBe(false);
    const top = await topEntries(deps, id, { limit: 20, cursor: undefined }, { pin: false });
    expect(top.entries.map((e) => e.playerId)).toEqual(['r0', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8']);
    expect(top.entries.map((e) => e.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // A write mirrored after the hide does not bring the player back, nor does a later rebuild.
    await submitScore(deps, id, { playerId: 'r1', score: 1000 }, server, null);
    expect((await topEntries(deps, id, { limit: 1, cursor: undefined }, { pin: false })).entries[0]!.playerId).toBe('r0');
    await projection.drop();
    expect((await topEntriesPage(deps, id, { limit: 20 }, { pin: false })).page.total).toBe(8);
    expect(await task('rebuild', { board: id })).toMatchObject({ ok: true });
    expect((await verifyBoard(id)).differences).toBe(0);
    expect((await topEntries(deps, id, { limit: 1, cursor: undefined }, { pin: false })).entries[0]!.playerId).toBe('r0');
  });
});

describe('source sync', () => {
  it('skips a banned player as a bad row and imports the rest; a hidden one is imported and stays hidden', async () => {
    const fixtures = await startFixtureServer();
    try {
      fixtures.serve('/rows', { rows: [{ id: 'ok1', s: 30 }, { id: 'banned1', s: 20 }, { id: 'hidden1', s: 10 }, { id: 'ok2', s: 5 }] });
      const deps = originDeps(() => new Date());
      const id = uniqueBoard('modsrc');
      const source = { url: `${fixtures.url}/rows`, itemsPath: 'rows', playerIdField: 'id', scoreField: 's' };
      await upsertBoard(deps, id, { name: id, sort: 'desc', operator: 'latest', reset: 'never', writers: 'server', source });
      await changeModeration(deps, id, 'banned1', { action: 'ban', reason: 'x' }, admin, true);
      await changeModeration(deps, id, 'hidden1', { action: 'hide', reason: 'x' }, admin, true);
      const report = await syncBoard(deps, id);
      expect(report).toMatchObject({ ok: true, applied: 3, skipped: 1, badRows: [{ index: 1, playerId: 'banned1', reason: 'player is banned from this board' }] });
      expect(ranks((await topEntries(deps, id, { limit: 10 })).entries)).toBe('ok11 ok22');
      expect((await verifyBoard(id)).differences).toBe(0);
    } finally {
      await fixtures.close();
    }
  });
});
