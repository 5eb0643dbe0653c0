import { afterEach, describe, expect, it, vi } from 'vitest';
import { app } from './app.ts';
import type { EdgeBindings } from './env.ts';
import { requestLog } from './logger.ts';

const env: EdgeBindings = { ORIGIN_URL: 'http://127.0.0.1:1', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', ADMIN_API_KEY: 'admin', SERVER_API_KEYS: 'server' } as EdgeBindings;

/** Every line the edge writes, parsed, with the console method it went through. */
function captureLines(): { method: string; line: Record<string, unknown> }[] {
  const lines: { method: string; line: Record<string, unknown> }[] = [];
  for (const method of ['log', 'info', 'warn', 'error'] as const) {
    vi.spyOn(console, method).mockImplementation((text: unknown) => void lines.push({ method, line: JSON.parse(String(text)) as Record<string, unknown> }));
  }
  return lines;
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('edge log', () => {
  it('writes one JSON line per event, with the request id, through the console method of its level', () => {
    const lines = captureLines();
    const log = requestLog('req-1');
    log('info', 'request', { status: 200 });
    log('warn', 'origin did not answer');
    log('error', 'unhandled error', { error: 'x' });
    expect(lines.map((l) => [l.method, l.line.level, l.line.message, l.line.requestId])).toEqual([
      ['info', 'INFO', 'request', 'req-1'],
      ['warn', 'WARN', 'origin did not answer', 'req-1'],
      ['error', 'ERROR', 'unhandled error', 'req-1'],
    ]);
    expect(lines[0]!.line).toMatchObject({ service: 'leaderboard-edge', status: 200, timestamp: expect.any(String) });
  });

  it('writes every level with console.info in local development, which wrangler dev prints unchanged', () => {
    const lines = captureLines();
    const log = requestLog('req-2', true);
    log('warn', 'origin did not answer');
    log('error', 'unhandled error');
    expect(lines.map((l) => [l.method, l.line.level, l.line.requestId])).toEqual([
      ['info', 'WARN', 'req-2'],
      ['info', 'ERROR', 'req-2'],
    ]);
  });

  it('stamps the request line and the warning of a failed origin call with the request id the answer carries', async () => {
    const lines = captureLines();
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('connect ECONNREFUSED');
    });
    const res = await app.request('http://127.0.0.1:8787/api/health/deep', { headers: { authorization: 'Bearer admin', 'x-request-id': 'abc-123' } }, env);
    expect(res.status).toBe(503);
    const requestId = res.headers.get('x-request-id');
    expect(requestId).toBe('abc-123');
    expect(lines.map((l) => [l.line.level, l.line.message])).toEqual([
      ['WARN', 'origin did not answer'],
      ['INFO', 'request'],
    ]);
    for (const { line } of lines) expect(line.requestId).toBe(requestId);
    expect(lines[0]!.line).toMatchObject({ path: '/api/health', error: 'TypeError: connect ECONNREFUSED' });
    expect(lines.some((l) => l.method === 'log')).toBe(false);
  });
  it('writes one line for a request that called the origin: the request line carries the call', async () => {
    const lines = captureLines();
    vi.stubGlobal('fetch', async () => Response.json({ playerId: 'p', score: 1, updated: true }));
    const res = await app.request('http://127.0.0.1:8787/api/boards/b/scores', { method: 'POST', headers: { authorization: 'Bearer server', 'content-type': 'application/json' }, body: JSON.stringify({ playerId: 'p', score: 1 }) }, env);
    expect(res.status).toBe(200);
    expect(lines.map((l) => [l.line.level, l.line.message])).toEqual([['INFO', 'request']]);
    expect(lines[0]!.line).toMatchObject({ method: 'POST', path: '/api/boards/b/scores', status: 200, originStatus: 200, originMs: expect.any(Number) });
  });

  it('puts a note that comes after the request line on a line of its own', () => {
    const lines = captureLines();
    const log = requestLog('req-3');
    expect(log.note({ originStatus: 200 })).toBe(true);
    log.finish({ status: 200 });
    expect(log.note({ originStatus: 503 })).toBe(false);
    expect(lines.map((l) => [l.line.message, l.line.originStatus])).toEqual([['request', 200]]);
  });
});
