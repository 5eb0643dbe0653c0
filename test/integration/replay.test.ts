/**
 * A captured signed write replayed to the origin is a replay, not a new write: the edge gives every
 * write an Idempotency-Key inside the signature (edge/origin-client.ts), and the origin answers a
 * repeated key with the stored result. Replayed here byte for byte, as an attacker holding a
 * captured request could within the signature's five minutes.
 */
import { AwsClient } from 'aws4fetch';
import { describe, expect, it } from 'vitest';
import { LOCAL_AWS } from '../../dev/local-config.ts';
import { ADMIN, api, AWS_KEYS, createBoard, emulator, SERVER, uniqueBoard } from '../helpers.ts';

const aws = () => new AwsClient({ ...AWS_KEYS(), service: 'lambda', region: LOCAL_AWS.region, retries: 0 });

describe('replaying a signed write', () => {
  it('applies an increment once, however often the same signed request arrives', async () => {
    const board = uniqueBoard('replay');
    await createBoard(board, { operator: 'increment' });
    const body = JSON.stringify({ playerId: 'mallory', score: 100 });
    const aws = new AwsClient({ ...AWS_KEYS(), service: 'lambda', region: LOCAL_AWS.region, retries: 0 });
    // What the edge sends for a write that came without a key (edgeIdempotencyKey in edge/origin-client.ts).
    const signed = await aws.sign(`${emulator()}/api/boards/${board}/scores`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `edge-${crypto.randomUUID()}`, 'x-lb-principal': 'server:0', 'x-request-id': crypto.randomUUID() },
      body,
    });
    const replies = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(signed.url, { method: 'POST', headers: signed.headers, body });
      replies.push({ status: res.status, replayed: res.headers.get('idempotent-replayed'), body: (await res.json()) as { entry: { score: number } } });
    }
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(replies.map((r) => r.body.entry.score)).toEqual([100, 100, 100]);
    expect(replies.map((r) => r.replayed)).toEqual([null, 'true', 'true']);
    const read = await api('GET', `/api/boards/${board}/players/mallory`);
    expect(read.body.entry.score).toBe(100);
  });

  it('applies two writes sent through the edge without keys as two writes', async () => {
    const board = uniqueBoard('replay');
    await createBoard(board, { operator: 'increment' });
    for (let i = 0; i < 2; i++) expect((await api('POST', `/api/boards/${board}/scores`, { token: SERVER(), body: { playerId: 'ann', score: 5 } })).status).toBe(200);
    const read = await api('GET', `/api/boards/${board}/players/ann`);
    expect(read.body.entry.score).toBe(10);
  });

  it('applies a batch once, however often the same signed batch arrives', async () => {
    const board = uniqueBoard('replay');
    await createBoard(board, { operator: 'increment' });
    const body = JSON.stringify({ entries: [{ playerId: 'ann', score: 7 }, { playerId: 'bob', score: 3, metadata: { email: 'bob@example.com' } }] });
    const signed = await aws().sign(`${emulator()}/api/boards/${board}/scores/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `edge-${crypto.randomUUID()}`, 'x-lb-principal': 'server:0', 'x-request-id': crypto.randomUUID() },
      body,
    });
    const replies = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(signed.url, { method: 'POST', headers: signed.headers, body });
      replies.push({ status: res.status, replayed: res.headers.get('idempotent-replayed'), body: (await res.json()) as { results: { playerId: string; entry: { score: number } }[] } });
    }
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(replies.map((r) => r.replayed)).toEqual([null, 'true', 'true']);
    for (const r of replies) expect(r.body.results.map((x) => [x.playerId, x.entry.score])).toEqual([['ann', 7], ['bob', 3]]);
    expect((await api('GET', `/api/boards/${board}/players/ann`)).body.entry.score).toBe(7);
    expect((await api('GET', `/api/boards/${board}/players/bob`)).body.entry.score).toBe(3);
  });

  it('refuses a batch key reused with another body, and applies nothing of it', async () => {
    const board = uniqueBoard('replay');
    await createBoard(board, { operator: 'increment' });
    const headers = { 'idempotency-key': 'import-2026-12-02' };
    const first = await api('POST', `/api/boards/${board}/scores/batch`, { token: SERVER(), headers, body: { entries: [{ playerId: 'ann', score: 1 }] } });
    expect(first.status).toBe(200);
    const again = await api('POST', `/api/boards/${board}/scores/batch`, { token: SERVER(), headers, body: { entries: [{ playerId: 'ann', score: 1 }] } });
    expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([200, 'true']);
    const other = await api('POST', `/api/boards/${board}/scores/batch`, { token: SERVER(), headers, body: { entries: [{ playerId: 'ann', score: 50 }, { playerId: 'cy', score: 2 }] } });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('conflict');
    expect((await api('GET', `/api/boards/${board}/players/ann`)).body.entry.score).toBe(1);
    expect((await api('GET', `/api/boards/${board}/players/cy`)).status).toBe(404);
  });

  it('erasing a player also forgets the stored batch answers that name them', async () => {
    const board = uniqueBoard('replay');
    await createBoard(board, { operator: 'increment' });
    const headers = { 'idempotency-key': 'batch-with-erased-player' };
    const body = { entries: [{ playerId: 'erased', score: 4, metadata: { email: 'e@example.com' } }, { playerId: 'kept', score: 1 }] };
    expect((await api('POST', `/api/boards/${board}/scores/batch`, { token: SERVER(), headers, body })).status).toBe(200);
    expect((await api('DELETE', `/api/boards/${board}/players/erased`, { token: ADMIN() })).status).toBe(204);
    // The stored answer (with the erased metadata) is gone: the same key and body is a new batch.
    const again = await api('POST', `/api/boards/${board}/scores/batch`, { token: SERVER(), headers, body });
    expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([200, null]);
    expect((await api('GET', `/api/boards/${board}/players/kept?minSeq=${again.headers.get('x-board-seq') ?? 0}`)).body.entry.score).toBe(2);
  });
});
