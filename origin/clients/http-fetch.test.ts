/** The origin's fetch for supabase-js, against real node:http and node:https servers on loopback. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@supabase/supabase-js';
import ws from 'ws';
import { generateTestCertificates } from '../../dev/valkey/test-ca.ts';
import { createHttpFetch } from './http-fetch.ts';

/** What the test servers answer: the request they got, echoed, or what a path asks for. */
function answer(req: http.IncomingMessage, res: http.ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const path = req.url ?? '/';
    if (path === '/slow') return void setTimeout(() => res.end('late'), 2000);
    if (path === '/empty') return void res.writeHead(204).end();
    // The first request on each connection is answered; a later one on the same socket resets it (an idle close).
    if (path === '/reset-reused' && (req.socket as { served?: boolean }).served) return void req.socket.destroy();
    (req.socket as { served?: boolean }).served = true;
    res.writeHead(201, 'Made', { 'content-type': 'application/json', 'content-range': '0-0/1', 'x-many': ['a', 'b'] });
    res.end(JSON.stringify({ method: req.method, path, body: Buffer.concat(chunks).toString(), auth: req.headers.authorization ?? null }));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'http-fetch-'));
let plain: http.Server;
let secure: https.Server;
let httpUrl: string;
let httpsUrl: string;
let ca: string;

beforeAll(async () => {
  const certs = await generateTestCertificates(dir);
  ca = certs.caPem;
  plain = http.createServer({ keepAlive: true }, answer);
  secure = https.createServer({ cert: readFileSync(certs.certFile), key: readFileSync(certs.keyFile) }, answer);
  await Promise.all([plain, secure].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
  httpUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
  httpsUrl = `https://127.0.0.1:${(secure.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  plain.closeAllConnections();
  secure.closeAllConnections();
  await Promise.all([plain, secure].map((s) => new Promise((r) => s.close(r))));
  rmSync(dir, { recursive: true, force: true });
});

describe('the origin fetch (node:http)', () => {
  const f = createHttpFetch({ timeoutMs: 500 });

  it('sends the method, headers and body, and answers a standard Response with status, text and every header', async () => {
    const res = await f(`${httpUrl}/rest/v1/rpc/lb_submit`, { method: 'POST', headers: new Headers({ authorization: 'Bearer k' }), body: '{"a":1}' });
    expect(res).toBeInstanceOf(Response);
    expect([res.status, res.statusText, res.ok]).toEqual([201, 'Made', true]);
    expect(res.headers.get('content-range')).toBe('0-0/1');
    expect(res.headers.get('x-many')).toBe('a, b');
    expect(await res.json()).toEqual({ method: 'POST', path: '/rest/v1/rpc/lb_submit', body: '{"a":1}', auth: 'Bearer k' });
  });

  it('answers a 204 with no body', async () => {
    const res = await f(`${httpUrl}/empty`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  it('fails with a TimeoutError when the server does not answer in time', async () => {
    const started = performance.now();
    await expect(f(`${httpUrl}/slow`)).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(performance.now() - started).toBeLessThan(1900);
  });

  it('fails when nothing listens, and when the caller aborts', async () => {
    await expect(f('http://127.0.0.1:1/')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    const ac = new AbortController();
    const call = f(`${httpUrl}/slow`, { signal: ac.signal });
    ac.abort(new Error('stop'));
    await expect(call).rejects.toThrow('stop');
  });

  it('sends a request again, once, when a kept-alive socket turns out closed before any answer', async () => {
    const path = `${httpUrl}/reset-reused`;
    const first = await f(path, { method: 'POST', body: 'one' });
    expect(first.status).toBe(201);
    await first.text();
    // The same agent reuses the socket; the server resets it; the request goes again on a new one.
    const second = await f(path, { method: 'POST', body: 'two' });
    expect(second.status).toBe(201);
    expect(((await second.json()) as { body: string }).body).toBe('two');
  });

  it('serves supabase-js: an rpc call and its error answer', async () => {
    const client = createClient(httpUrl, 'service-key', { auth: { persistSession: false }, realtime: { transport: ws as never }, global: { fetch: f } });
    const { data, error, status } = await client.rpc('lb_submit', { p_board: 'b' });
    expect(error).toBeNull();
    expect(status).toBe(201);
    expect(data).toMatchObject({ method: 'POST', path: '/rest/v1/rpc/lb_submit', body: '{"p_board":"b"}', auth: 'Bearer service-key' });
    const down = createClient('http://127.0.0.1:1', 'service-key', { auth: { persistSession: false }, realtime: { transport: ws as never }, global: { fetch: f } });
    const failed = await down.rpc('lb_submit', {});
    expect(failed.error?.message).toMatch(/ECONNREFUSED/);
  });
});

describe('the origin fetch (node:https)', () => {
  it('speaks TLS with the agent it is given, and refuses a server it cannot verify', async () => {
    const trusting = createHttpFetch({ timeoutMs: 2000, httpsAgent: new https.Agent({ keepAlive: true, ca }) });
    const res = await trusting(`${httpsUrl}/x`, { method: 'POST', body: new TextEncoder().encode('bytes') });
    expect(await res.json()).toMatchObject({ method: 'POST', path: '/x', body: 'bytes' });
    await expect(createHttpFetch({ timeoutMs: 2000 })(`${httpsUrl}/x`)).rejects.toThrow(/self.signed|unable to verify|certificate/i);
  });
});
