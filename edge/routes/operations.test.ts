import { afterEach, describe, expect, it, vi } from 'vitest';
import { app } from '../app.ts';
import type { EdgeBindings } from '../env.ts';

const env = { ORIGIN_URL: 'http://127.0.0.1:1', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', ADMIN_API_KEY: 'admin', SERVER_API_KEYS: 'server' } as EdgeBindings;
const call = (path: string, init: RequestInit = {}) => app.request(`http://127.0.0.1:8787${path}`, init, env);
const as = (key: string, body?: unknown): RequestInit => ({ headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

afterEach(() => vi.unstubAllGlobals());

describe('admin operations at the edge', () => {
  it('checks the caller, the body and the query before the origin is called', async () => {
    const fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    const cases: [string, string, RequestInit, number, string][] = [
      ['POST', '/api/boards/b/verify', {}, 401, 'unauthorized'],
      ['POST', '/api/boards/b/verify', as('server', {}), 403, 'forbidden'],
      ['GET', '/api/boards/b/source', as('server'), 403, 'forbidden'],
      ['POST', '/api/boards/b/verify', as('admin', { period: 7 }), 400, 'invalid_request'],
      ['POST', '/api/boards/b/rebuild', as('admin', { allPeriods: true, extra: 1 }), 400, 'invalid_request'],
      ['POST', '/api/boards/B/sync', as('admin'), 400, 'invalid_request'],
      ['GET', '/api/boards/b/audit?limit=500', as('admin'), 400, 'invalid_request'],
      ['GET', '/api/boards/b/webhooks?before=abc', as('admin'), 400, 'invalid_request'],
      ['GET', '/api/boards/b/audit?sort=asc', as('admin'), 400, 'invalid_request'],
      ['GET', '/api/boards/b/verify', as('admin'), 405, 'method_not_allowed'],
      ['PUT', '/api/boards/b/source', as('admin'), 405, 'method_not_allowed'],
    ];
    for (const [method, path, init, status, code] of cases) {
      const res = await call(path, { ...init, method });
      expect([method, path, res.status, await codeOf(res)]).toEqual([method, path, status, code]);
    }
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('forwards an admin read with its query, signed', async () => {
    const fetchSpy = vi.fn(async () => Response.json({ board: 'b', records: [], next: null }));
    vi.stubGlobal('fetch', fetchSpy);
    const res = await call('/api/boards/b/audit?limit=5&before=99', { ...as('admin'), method: 'GET' });
    expect(res.status).toBe(200);
    const [req] = fetchSpy.mock.calls[0] as unknown as [Request | string];
    expect(String(typeof req === 'string' ? req : req.url)).toContain('/api/boards/b/audit?limit=5&before=99');
  });
});
