/**
 * Display names (docs/moderation.md "Display names"): who may set one, normalisation, every view
 * carrying it, renaming without a rebuild, the names hash reloaded from the record, and the
 * record answering when Valkey can't.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { submitScore, upsertBoard } from '../../origin/leaderboard/commands.ts';
import { playerEntry, topEntries } from '../../origin/leaderboard/queries.ts';
import { boardSpace, periodKeys } from '../../origin/projection/keys.ts';
import { ADMIN, api, createBoard, entryPages, playerToken, SERVER, submit, uniqueBoard, valkeyClient } from '../helpers.ts';
import { closeValkey, originDeps } from '../origin-deps.ts';

afterAll(closeValkey);

const server = { kind: 'server', keyId: 'test' } as const;
const setName = (player: string, displayName: unknown, token: string) => api('PUT', `/api/players/${player}/profile`, { token, body: { displayName } });
const uid = (p: string) => `${p}-${Math.random().toString(36).slice(2, 8)}`;

describe('display names', () => {
  it('a player sets their own, a server anyone\'s; names are NFKC-normalised and checked', async () => {
    const alice = uid('alice');
    const own = await setName(alice, '  Ａｌｉｃｅ ﬁ  ', await playerToken(alice));
    expect([own.status, own.body]).toEqual([200, { playerId: alice, displayName: 'Alice fi' }]);
    expect((await setName(alice, 'Mallory', await playerToken(uid('mallory')))).status).toBe(403);
    expect((await setName(alice, 'By server', SERVER())).body.displayName).toBe('By server');
    expect((await setName(alice, 'By admin', ADMIN())).status).toBe(200);
    expect((await api('PUT', `/api/players/${alice}/profile`, { body: { displayName: 'x' } })).status).toBe(401);
    for (const bad of ['tab\there', 'rtl\u202eevil', '', '   ', 'x'.repeat(33), 42]) {
      const res = await setName(alice, bad, SERVER());
      expect([JSON.stringify(bad), res.status, res.body.error.code]).toEqual([JSON.stringify(bad), 400, 'invalid_request']);
    }
    expect((await api('PUT', `/api/players/${alice}/profile`, { token: SERVER(), body: { displayName: 'a', extra: 1 } })).status).toBe(400);
    expect((await api('GET', `/api/players/${alice}/profile`)).status).toBe(405);
  });

  it('every view carries displayName where the player has one, and only there', async () => {
    const board = uniqueBoard('names');
    await createBoard(board, { writers: 'players' });
    const ids = Array.from({ length: 6 }, (_, i) => uid(`n${i}`));
    for (const [i, id] of ids.entries()) {
      if (i % 2 === 0) expect((await setName(id, `Name ${i}`, SERVER())).status).toBe(200);
      await submit(board, id, 100 - i);
    }
    const named = (e: { playerId: string; displayName?: string }) => {
      const i = ids.indexOf(e.playerId);
      expect(e.displayName, e.playerId).toBe(i % 2 === 0 ? `Name ${i}` : undefined);
    };
    const walk = (await entryPages(board, 2)).flatMap((p) => p.body.entries);
    expect(walk).toHaveLength(6);
    walk.forEach(named);
    named((await api('GET', `/api/boards/${board}/players/${ids[2]}`)).body.entry);
    named((await api('GET', `/api/boards/${board}/players/${ids[3]}`)).body.entry);
    (await api('GET', `/api/boards/${board}/players/${ids[2]}/around?radius=2`)).body.entries.forEach(named);
    (await api('GET', `/api/boards/${board}/players?ids=${ids.join(',')}`)).body.entries.forEach(named);
    const reply = await submit(board, ids[0]!, 200, { token: await playerToken(ids[0]!) });
    expect([reply.body.entry.displayName, reply.body.previous.displayName]).toEqual(['Name 0', 'Name 0']);
    named((await api('GET', `/api/boards/${board}/me`, { token: await playerToken(ids[4]!) })).body.entry);
  });

  it('renaming rebuilds no board; a flushed names hash is reloaded from the record; the record answers when Valkey cannot', async () => {
    const deps = originDeps(() => new Date());
    const id = uniqueBoard('rename');
    await upsertBoard(deps, id, { name: id, sort: 'desc', operator: 'best', reset: 'never', writers: 'server' });
    const p = uid('p');
    await submitScore(deps, id, { playerId: p, score: 5 }, server, null);
    expect((await setName(p, 'Before', SERVER())).status).toBe(200);
    expect((await topEntries(deps, id, { limit: 5 })).entries[0]!.displayName).toBe('Before');

    const board = (await deps.record.board(id))!;
    const meta = periodKeys(boardSpace(board), 'all').meta;
    const client = await valkeyClient();
    try {
      const before = await client.hgetall(meta);
      expect((await setName(p, 'After', SERVER())).status).toBe(200);
      expect((await topEntries(deps, id, { limit: 5 })).entries[0]!.displayName).toBe('After');
      // The period's projection is untouched: same generation, same version, still ready.
      expect(await client.hgetall(meta)).toEqual(before);

      // An emptied names hash (a flush) is loaded again from the record by the next read.
      await client.del(['{lb:names}:h', '{lb:names}:ready']);
      expect((await playerEntry(deps, id, p, {})).entry.displayName).toBe('After');
      expect(String(await client.hget('{lb:names}:h', p))).toBe('After');
    } finally {
      client.close();
    }

    // Valkey down: the entries and their names come from the record.
    const down = { ...deps, projection: () => Promise.reject(new Error('valkey down')) };
    expect((await topEntries(down, id, { limit: 5 })).entries[0]).toMatchObject({ playerId: p, displayName: 'After' });
  });
});
