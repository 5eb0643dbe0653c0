import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { classify, describeInput, isRuntimeRestart, productionTimeouts } from './incidents.ts';

describe('fuzz incidents', () => {
  it('reads production timeouts from wrangler.toml and template.yaml', () => {
    const t = productionTimeouts();
    expect(t.edgeOriginMs).toBeGreaterThanOrEqual(1000);
    expect(t.lambdaMs).toBeGreaterThan(t.edgeOriginMs);
    expect(t.lambdaMs % 1000).toBe(0);
  });

  it('classes a request that gets no answer in time, and one whose connection is cut', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/cut') return void req.socket.destroy();
      setTimeout(() => res.end('late'), 2000);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const slow = await fetch(`${base}/slow`, { signal: AbortSignal.timeout(100) }).then(() => null, (e: unknown) => e);
      expect(classify(slow)).toBe('no answer in time');
      const cut = await fetch(`${base}/cut`).then(() => null, (e: unknown) => e);
      expect(classify(cut)).toBe('connection lost');
      expect(classify(new Error('other'))).toBe('threw');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it("recognises wrangler dev's restart answer, and prints long bodies cut with their length", () => {
    expect(isRuntimeRestart(503, 'Your worker restarted mid-request. Please try sending the request again.')).toBe(true);
    expect(isRuntimeRestart(503, '{"error":{"code":"unavailable"}}')).toBe(false);
    const text = describeInput({ where: 'edge', kind: 'connection lost', detail: 'fetch failed', input: { method: 'POST', path: '/api/x', headers: { a: 'b' }, body: 'x'.repeat(5000) } });
    expect(text).toContain('POST /api/x');
    expect(text).toContain('(5000 chars)');
    expect(text.length).toBeLessThan(1000);
  });
});
