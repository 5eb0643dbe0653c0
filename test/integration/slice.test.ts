/** The thin slice through the edge, and the origin's refusal of anything the edge did not sign. */
import { AwsClient } from 'aws4fetch';
import { describe, expect, it } from 'vitest';
import { ADMIN, api, AWS_KEYS, createBoard, emulator, submit, uniqueBoard } from '../helpers.ts';

describe('thin slice through the edge', () => {
  it('reports every hop healthy to the admin', async () => {
    const res = await api('GET', '/api/health/deep', { token: ADMIN() });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', edge: 'ok', origin: 'ok', valkey: 'ok', supabase: 'ok' });
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('has the default board after start', async () => {
    const res = await api('GET', '/api/boards/global');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'global', reset: 'never', currentPeriod: 'all' });
  });

  it('creates a board, takes a score and reads it back', async () => {
    const board = uniqueBoard();
    await createBoard(board);
    const update = await api('PUT', `/api/boards/${board}`, { token: ADMIN(), body: { name: 'Renamed', sort: 'desc', operator: 'best', reset: 'never', writers: 'server' } });
    expect(update.status).toBe(200);
    expect(update.body.name).toBe('Renamed');
    const write = await submit(board, 'alice', 42, { metadata: { level: 3 } });
    expect(write.status).toBe(200);
    expect(write.body).toMatchObject({ entry: { rank: 1, playerId: 'alice', score: 42, metadata: { level: 3 } }, updated: true, previous: null });
    const top = await api('GET', `/api/boards/${board}/entries`);
    expect(top.status).toBe(200);
    expect(top.body).toMatchObject({ board, period: 'all', total: 1, nextCursor: null });
    expect(top.body.entries).toEqual([{ rank: 1, playerId: 'alice', score: 42, achievedAt: write.body.entry.achievedAt, metadata: { level: 3 } }]);
  });

  it('keeps the request id the client sent', async () => {
    const res = await api('GET', '/api/boards/global', { headers: { 'x-request-id': 'trace-123' } });
    expect(res.headers.get('x-request-id')).toBe('trace-123');
  });
});

describe('the origin only answers the edge', () => {
  const url = () => `${emulator()}/api/boards/global/scores`;
  const body = JSON.stringify({ playerId: 'mallory', score: 1 });

  it('refuses an unsigned request with 403', async () => {
    const res = await fetch(url(), { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-lb-principal': 'admin' } });
    expect(res.status).toBe(403);
  });

  it('refuses a request signed with a wrong secret with 403', async () => {
    const aws = new AwsClient({ accessKeyId: AWS_KEYS().accessKeyId, secretAccessKey: 'wrong-secret', service: 'lambda', region: 'us-east-1', retries: 0 });
    const res = await aws.fetch(url(), { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-lb-principal': 'admin' } });
    expect(res.status).toBe(403);
  });

  it('accepts the edge credentials (the signature is what matters)', async () => {
    const aws = new AwsClient({ ...AWS_KEYS(), service: 'lambda', region: 'us-east-1', retries: 0 });
    const res = await aws.fetch(`${emulator()}/api/boards/global`, { headers: { 'x-request-id': 'signed-ok' } });
    expect(res.status).toBe(200);
  });
});
