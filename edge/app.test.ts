import { describe, expect, it } from 'vitest';
import { app } from './app.ts';
import type { EdgeBindings } from './env.ts';

const env = (assets: (req: Request) => Promise<Response>): EdgeBindings => ({
  ORIGIN_URL: 'http://127.0.0.1:1', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', ADMIN_API_KEY: 'admin', SERVER_API_KEYS: 'server',
  ASSETS: { fetch: assets },
});

describe('web app assets through the Worker', () => {
  it('serves the page with the CSP, even though asset responses have immutable headers', async () => {
    // A fetch() response has immutable headers, like the asset server's.
    const res = await app.request('http://127.0.0.1:8787/?board=global', {}, env(() => fetch('data:text/html,<p>hi</p>')));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<p>hi</p>');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('sends no CSP on non-HTML assets', async () => {
    const res = await app.request('http://127.0.0.1:8787/favicon.ico', {}, env(() => fetch('data:image/png;base64,AA==')));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('request bodies the answer did not need', () => {
  it('are read to the end before the answer goes out (405, 401, unknown path, a POST to the web app)', async () => {
    for (const [method, path] of [['PATCH', '/api/boards/b/scores'], ['POST', '/api/boards/b/scores'], ['PUT', '/api/nowhere'], ['POST', '/some/page']] as const) {
      let pulled = 0;
      const chunks = 8;
      const body = new ReadableStream<Uint8Array>({
        pull(ctrl) {
          pulled += 1;
          if (pulled > chunks) ctrl.close();
          else ctrl.enqueue(new Uint8Array(64 * 1024));
        },
      });
      const req = new Request(`http://127.0.0.1:8787${path}`, { method, body, headers: { 'content-type': 'application/json' }, duplex: 'half' } as RequestInit);
      let assetBody: unknown = 'not asked';
      const res = await app.request(req, undefined, env(async (r) => {
        assetBody = r.body;
        return new Response('method not allowed', { status: 405 });
      }));
      expect(res.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(req.bodyUsed, `${method} ${path}`).toBe(true);
      expect(pulled, `${method} ${path}`).toBe(chunks + 1);
      // The asset server never gets the body it would not read.
      expect(assetBody, `${method} ${path}`).toBe(path === '/some/page' ? null : 'not asked');
    }
  });
});
