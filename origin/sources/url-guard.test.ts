import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchSource, SourceError } from './fetch-source.ts';
import { checkSourceUrl, isPublicAddress } from './url-guard.ts';

const prod = (resolve: Record<string, string[]> = {}) => ({ allowLoopback: false, resolve: async (h: string) => resolve[h] ?? [] });
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof SourceError ? e.message : `not a SourceError: ${String(e)}`));

describe('isPublicAddress', () => {
  it('refuses loopback, link-local, metadata, private, shared, multicast and reserved addresses', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '0.0.0.0', '10.1.2.3', '100.64.0.1', '169.254.169.254', '169.254.170.2', '172.16.0.1', '172.31.255.255', '192.168.1.1', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fd00:ec2::254', 'fc00::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:169.254.169.254', '::ffff:a9fe:a9fe', '64:ff9b::10.0.0.1', 'ff02::1']) {
      expect(isPublicAddress(a), a).toBe(false);
    }
  });
  it('accepts public addresses', () => {
    for (const a of ['93.184.215.14', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:1.1.1.1']) expect(isPublicAddress(a), a).toBe(true);
  });
});

describe('checkSourceUrl in production', () => {
  it('accepts https to a host with only public addresses', async () => {
    expect(await refusal(checkSourceUrl('https://results.example.com/x.json', prod({ 'results.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'] })))).toBeNull();
  });
  it('refuses http, even to a public host', async () => {
    expect(await refusal(checkSourceUrl('http://results.example.com/x.json', prod({ 'results.example.com': ['93.184.215.14'] })))).toMatch(/https/);
  });
  it('refuses other schemes and credentials in the URL', async () => {
    expect(await refusal(checkSourceUrl('file:///etc/passwd', prod()))).toMatch(/https/);
    expect(await refusal(checkSourceUrl('https://u:p@results.example.com/x', prod({ 'results.example.com': ['93.184.215.14'] })))).toMatch(/credentials/);
  });
  it('refuses the Lambda Runtime API, the metadata service and private hosts, by literal or by name', async () => {
    for (const url of ['https://127.0.0.1:9001/2018-06-01/runtime/invocation/next', 'https://169.254.169.254/latest/meta-data/', 'https://[fd00:ec2::254]/', 'https://[::1]/', 'https://10.0.0.5/', 'https://localhost/']) {
      expect(await refusal(checkSourceUrl(url, prod({ localhost: ['127.0.0.1', '::1'] }))), url).toMatch(/non-public|resolve/);
    }
    // A name that resolves to one public and one private address is refused too.
    expect(await refusal(checkSourceUrl('https://rebind.example.com/', prod({ 'rebind.example.com': ['93.184.215.14', '192.168.0.10'] })))).toMatch(/non-public address \(192\.168\.0\.10\)/);
  });
  it('refuses a host that does not resolve, as a retryable failure', async () => {
    const err = await checkSourceUrl('https://nowhere.invalid/', prod()).catch((e: unknown) => e);
    expect(err).toMatchObject({ retryable: true });
  });
});

describe('fetchSource against a loopback server', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/redirect') return void res.writeHead(302, { location: '/doc' }).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"rows":[]}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  const opts = { timeoutMs: 2000, maxBytes: 1024, retries: 0, backoffMs: 1 };

  it('fetches it when the stack runs locally', async () => {
    expect(await fetchSource(`${base}/doc`, { ...opts, allowLoopback: true })).toEqual({ rows: [] });
  });
  it('refuses it in production, before any request', async () => {
    expect(await refusal(fetchSource(`${base}/doc`, { ...opts, allowLoopback: false }))).toMatch(/https/);
    expect(await refusal(fetchSource(`${base.replace('http:', 'https:')}/doc`, { ...opts, allowLoopback: false }))).toMatch(/non-public address \(127\.0\.0\.1\)/);
  });
  it('refuses a redirect, even locally', async () => {
    expect(await refusal(fetchSource(`${base}/redirect`, { ...opts, allowLoopback: true }))).toMatch(/Fetch failed/);
  });
  it('still refuses a private address locally: only loopback is allowed', async () => {
    expect(await refusal(checkSourceUrl('http://10.0.0.5/x', { allowLoopback: true }))).toMatch(/https/);
    expect(await refusal(checkSourceUrl('https://169.254.169.254/x', { allowLoopback: true }))).toMatch(/non-public/);
  });
});
