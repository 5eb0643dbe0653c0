/**
 * SigV4 over HTTP against the running emulator: a request signed by the edge's keys and then
 * altered in its body, path, query or principal header is refused with 403, as are a replay
 * past the 5-minute window, a wrong key, and a missing or wrong security token where the
 * emulator requires one. Nothing refused reaches the origin (emulator stats) or the record.
 */
import { join } from 'node:path';
import { AwsClient } from 'aws4fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../dev/emulator/index.ts';
import { importHandler } from '../../dev/emulator/load-handler.ts';
import { LOCAL_AWS, TEST_PORTS } from '../../dev/local-config.ts';
import { ROOT } from '../../dev/stack/stack.ts';
import { AWS_KEYS, createBoard, emulator, uniqueBoard } from '../helpers.ts';
import { report, useStack } from './harness/control.ts';
import { checkBoard, Ledger } from './harness/ledger.ts';
import { signer } from './harness/signed.ts';

const ledger = new Ledger();
const started = Date.now();
let board: string;
let tried = 0;

beforeAll(async () => {
  await useStack('standalone');
  board = uniqueBoard('sig');
  await createBoard(board, { operator: 'increment' });
});

interface Signed {
  url: string;
  method: string;
  headers: Headers;
  body?: string;
}

/** Signs a request with the edge's keys (or `client`) without sending it. */
async function sign(method: string, path: string, o: { body?: string; headers?: Record<string, string>; datetime?: string; client?: AwsClient } = {}): Promise<Signed> {
  const url = emulator() + path;
  const req = await (o.client ?? signer()).sign(url, { method, headers: { 'content-type': 'application/json', ...o.headers }, ...(o.body !== undefined ? { body: o.body } : {}), ...(o.datetime ? { aws: { datetime: o.datetime } } : {}) });
  return { url, method, headers: req.headers, ...(o.body !== undefined ? { body: o.body } : {}) };
}

/** Sends a signed request, possibly altered; returns status, text and how many invocations reached the origin. */
async function send(s: Signed, alter: Partial<Signed> = {}): Promise<{ status: number; text: string; invoked: number }> {
  tried++;
  const before = await stats();
  const req = { ...s, ...alter };
  const res = await fetch(req.url, { method: req.method, headers: req.headers, ...(req.body !== undefined ? { body: req.body } : {}) });
  const text = await res.text();
  ledger.count(`${res.status}`);
  return { status: res.status, text, invoked: (await stats()) - before };
}

async function stats(): Promise<number> {
  return ((await (await fetch(`${emulator()}/__emulator/stats`)).json()) as { invocations: number }).invocations;
}

const write = (player: string, score: number) => JSON.stringify({ playerId: player, score });
const amzDate = (d: Date) => d.toISOString().replace(/[:-]|\.\d{3}/g, '');

describe('signatures at the emulator', () => {
  afterAll(async () => {
    const check = await checkBoard(ledger, board);
    await report({ scenario: 'signatures (tampering, replay, keys, token)', acknowledged: check.acknowledged, found: check.found, fuzzed: tried, errors: ledger.errors(), differences: check.differences, seconds: (Date.now() - started) / 1000 });
    expect(check).toMatchObject({ found: check.acknowledged, unacknowledged: 0, differences: 0, edgeDifference: null });
  });

  it('accepts the untouched request, once per send', async () => {
    const s = await sign('POST', `/api/boards/${board}/scores`, { body: write('a', 1), headers: { 'x-lb-principal': 'server:0' } });
    const ok = await send(s);
    expect(ok.status).toBe(200);
    expect(ok.invoked).toBe(1);
    ledger.add({ board, playerId: 'a', score: 1 }, ok.status, JSON.parse(ok.text));
  });

  it('refuses a body altered after signing, even by one byte of the same length', async () => {
    const s = await sign('POST', `/api/boards/${board}/scores`, { body: write('a', 1), headers: { 'x-lb-principal': 'server:0' } });
    for (const body of [write('a', 9), write('b', 1), `${write('a', 1)} `, '']) {
      const r = await send(s, { body });
      expect(r.status, body).toBe(403);
      expect(r.invoked).toBe(0);
    }
  });

  it('refuses an altered path, query or method', async () => {
    const s = await sign('POST', `/api/boards/${board}/scores`, { body: write('a', 2), headers: { 'x-lb-principal': 'server:0' } });
    const other = uniqueBoard('sig');
    await createBoard(other);
    expect((await send(s, { url: `${emulator()}/api/boards/${other}/scores` })).status).toBe(403);
    expect((await send(s, { url: `${emulator()}/api/boards/${board}/scores?x=1` })).status).toBe(403);
    expect((await send(s, { method: 'PUT' })).status).toBe(403);
    const read = await sign('GET', `/api/boards/${board}/entries?limit=5`);
    expect((await send(read)).status).toBe(200);
    for (const q of ['?limit=6', '?limit=5&cursor=x', '', '?LIMIT=5']) {
      const r = await send(read, { url: `${emulator()}/api/boards/${board}/entries${q}` });
      expect(r.status, q).toBe(403);
      expect(r.invoked).toBe(0);
    }
  });

  it('refuses a changed principal header, and does not trust one that was not signed', async () => {
    const s = await sign('POST', `/api/boards/${board}/scores`, { body: write('ann', 3), headers: { 'x-lb-principal': 'player:ann' } });
    for (const p of ['admin', 'server:0', 'player:bob', '']) {
      const headers = new Headers(s.headers);
      headers.set('x-lb-principal', p);
      const r = await send(s, { headers });
      expect(r.status, p).toBe(403);
      expect(r.invoked).toBe(0);
    }
    const dropped = new Headers(s.headers);
    dropped.delete('x-lb-principal');
    expect((await send(s, { headers: dropped })).status).toBe(403);

    // A principal added to a request that was signed without one is not part of the signature:
    // the emulator (like AWS) lets it through, so the origin must not trust it.
    const unsigned = await sign('POST', `/api/boards/${board}/scores`, { body: write('c', 4) });
    const added = new Headers(unsigned.headers);
    added.set('x-lb-principal', 'admin');
    const r = await send(unsigned, { headers: added });
    expect(r.status).toBe(401);
    expect(JSON.parse(r.text)).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('refuses a replay past the 5-minute window, and a request dated too far ahead', async () => {
    for (const offsetMs of [-6 * 60_000, -60 * 60_000, 6 * 60_000]) {
      const s = await sign('POST', `/api/boards/${board}/scores`, { body: write('a', 5), headers: { 'x-lb-principal': 'server:0' }, datetime: amzDate(new Date(Date.now() + offsetMs)) });
      const r = await send(s);
      expect(r.status, String(offsetMs)).toBe(403);
      expect(r.invoked).toBe(0);
    }
    // Within the window, a replay of the same signed request is a valid request (only an Idempotency-Key makes it safe).
    const s = await sign('POST', `/api/boards/${board}/scores`, { body: write('a', 6), headers: { 'x-lb-principal': 'server:0', 'idempotency-key': 'sig-replay' }, datetime: amzDate(new Date(Date.now() - 4 * 60_000)) });
    const first = await send(s);
    expect(first.status).toBe(200);
    ledger.add({ board, playerId: 'a', score: 6 }, first.status, JSON.parse(first.text));
    const again = await send(s);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.text).entry.score).toBe(JSON.parse(first.text).entry.score);
  });

  it('refuses a wrong secret, an unknown key id, no signature, and a token the emulator does not expect', async () => {
    const keys = AWS_KEYS();
    const cases: [string, AwsClient][] = [
      ['wrong secret', new AwsClient({ ...keys, secretAccessKey: `${keys.secretAccessKey}x`, service: 'lambda', region: LOCAL_AWS.region, retries: 0 })],
      ['unknown key id', new AwsClient({ ...keys, accessKeyId: 'AKIAUNKNOWN000000000', service: 'lambda', region: LOCAL_AWS.region, retries: 0 })],
      ['wrong region', new AwsClient({ ...keys, service: 'lambda', region: 'eu-west-1', retries: 0 })],
      ['wrong service', new AwsClient({ ...keys, service: 'execute-api', region: LOCAL_AWS.region, retries: 0 })],
      ['unexpected token', new AwsClient({ ...keys, sessionToken: 'some-token', service: 'lambda', region: LOCAL_AWS.region, retries: 0 })],
    ];
    for (const [what, client] of cases) {
      const r = await send(await sign('POST', `/api/boards/${board}/scores`, { body: write('a', 7), headers: { 'x-lb-principal': 'server:0' }, client }));
      expect(r.status, what).toBe(403);
      expect(r.invoked).toBe(0);
    }
    const bare = await send({ url: `${emulator()}/api/boards/${board}/scores`, method: 'POST', headers: new Headers({ 'content-type': 'application/json', 'x-lb-principal': 'server:0' }), body: write('a', 8) });
    expect(bare.status).toBe(403);
  });

  it('with a session token required: refuses a missing or wrong token, accepts the right one', async () => {
    const token = 'chaos-session-token';
    const port = TEST_PORTS.emulator + 17;
    let running: RunningEmulator | undefined;
    try {
      running = await startEmulator({
        port,
        host: '127.0.0.1',
        credentials: { ...AWS_KEYS(), sessionToken: token },
        region: LOCAL_AWS.region,
        accountId: LOCAL_AWS.accountId,
        principalArn: LOCAL_AWS.principalArn,
        functionName: LOCAL_AWS.functionName,
        loadHandler: () => importHandler(join(ROOT, 'dev/emulator/fixture-handler.ts')),
      });
      const url = `http://127.0.0.1:${port}/echo`;
      const call = async (sessionToken?: string) => {
        tried++;
        const client = new AwsClient({ ...AWS_KEYS(), ...(sessionToken ? { sessionToken } : {}), service: 'lambda', region: LOCAL_AWS.region, retries: 0 });
        const res = await client.fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        ledger.count(`${res.status}`);
        return { status: res.status, text: await res.text() };
      };
      const missing = await call();
      expect(missing.status).toBe(403);
      expect(missing.text).toMatch(/security token/i);
      expect((await call('wrong-token')).status).toBe(403);
      expect((await call(token)).status).toBe(200);
    } finally {
      await running?.stop();
    }
  });
});
