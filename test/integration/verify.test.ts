import { describe, expect, it } from 'vitest';
import { encodeRankKey } from '../../core/index.ts';
import { boardSpace, periodKeys } from '../../origin/projection/keys.ts';
import { api, createBoard, flushValkey, rpc, submit, task, uniqueBoard, valkeyClient, verifyBoard } from '../helpers.ts';

/** The Valkey keys of a board's `all` period. */
async function keysOf(board: string) {
  const b = await rpc('lb_board', { p_id: board });
  return periodKeys(boardSpace(b), 'all');
}

describe('verify', () => {
  it('reports zero differences after writes, and not-ready after a flush until a read rebuilds', async () => {
    const board = uniqueBoard();
    await createBoard(board, { operator: 'increment' });
    for (let i = 0; i < 30; i++) await submit(board, `p${i % 10}`, i, { metadata: { i, nested: { b: 1, a: [i] } } });
    // A new board's projection is ready from its creation, so every write was mirrored into it.
    const clean = await verifyBoard(board);
    expect(clean.differences).toBe(0);
    expect(clean.periods[0]).toMatchObject({ ready: true, recordEntries: 10, projectionEntries: 10 });

    await flushValkey();
    expect((await verifyBoard(board)).periods[0]).toMatchObject({ ready: false, differences: 0 });
    expect((await api('GET', `/api/boards/${board}/entries?limit=7`)).status).toBe(200);
    expect((await verifyBoard(board)).periods[0]).toMatchObject({ ready: true, differences: 0, projectionEntries: 10 });
  });

  it('finds missing, extra and mismatched entries', async () => {
    const board = uniqueBoard();
    await createBoard(board);
    for (const [p, s] of [['a', 10], ['b', 20], ['c', 30]] as const) await submit(board, p, s);
    await api('GET', `/api/boards/${board}/entries`);
    const k = await keysOf(board);
    const client = await valkeyClient();
    try {
      // a: gone from Valkey; b: a different score; z: only in Valkey.
      const a = String(await client.hget(k.e, 'a'));
      await client.zrem(k.z, [a.split('|')[1]!]);
      await client.hdel(k.e, ['a']);
      const b = String(await client.hget(k.e, 'b'));
      const [seq, oldKey] = b.split('|') as [string, string];
      const achievedAtMs = parseInt(oldKey.slice(14, 26), 16);
      const bKey = encodeRankKey('desc', { score: 21, achievedAtMs, playerId: 'b' });
      await client.zrem(k.z, [oldKey]);
      await client.zadd(k.z, { [bKey]: 0 });
      await client.hset(k.e, { b: `${seq}|${bKey}|` });
      const zKey = encodeRankKey('desc', { score: 5, achievedAtMs, playerId: 'z' });
      await client.zadd(k.z, { [zKey]: 0 });
      await client.hset(k.e, { z: `1|${zKey}|` });
    } finally {
      client.close();
    }
    const report = await verifyBoard(board);
    expect(report.differences).toBe(3);
    expect(report.periods[0]!.sample).toEqual(
      expect.arrayContaining([
        { playerId: 'a', kind: 'missing' },
        { playerId: 'b', kind: 'mismatch', fields: ['score'] },
        { playerId: 'z', kind: 'extra' },
      ]),
    );
    // A rebuild from the record repairs all three.
    const rebuilt = await task('rebuild', { board });
    expect(rebuilt).toMatchObject({ ok: true, result: { periods: [{ period: 'all', rebuilt: true }] } });
    expect((await verifyBoard(board)).differences).toBe(0);
  });

  it('answers unknown tasks and bad arguments with the API error shape', async () => {
    expect(await task('nope')).toMatchObject({ ok: false, task: 'nope', error: { code: 'invalid_request' } });
    expect(await task('verify', { board: '' })).toMatchObject({ ok: false, error: { code: 'invalid_request', details: expect.any(Object) } });
    expect(await task('verify', { board: 'does-not-exist' })).toMatchObject({ ok: false, error: { code: 'board_not_found' } });
    expect(await task('health')).toEqual({ ok: true, task: 'health', result: { status: 'ok', valkeyMs: expect.any(Number), supabaseMs: expect.any(Number) } });
  });
});
