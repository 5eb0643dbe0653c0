import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../build/openapi.ts';
import { ROOT } from '../../build/paths.ts';
import { app } from '../app.ts';
import { OPENAPI_ASSET } from './openapi.ts';

/** Local-development endpoints: they answer 404 in production (edge/routes/dev.ts), so the contract leaves them out. */
const DEV_ONLY = new Set(['GET /api/dev', 'POST /api/dev/token', 'POST /api/dev/cache/purge']);

const toOpenApiPath = (honoPath: string) => honoPath.replace(/:([A-Za-z]+)/g, '{$1}');

/** Every API route the edge serves, as "METHOD /path" in OpenAPI form (pages such as /embed and /admin are not API). */
function edgeRoutes(): string[] {
  const api = (path: string) => path.startsWith('/api/') || path === '/leaderboard';
  const routes = app.routes.filter((r) => r.method !== 'ALL' && api(r.path)).map((r) => `${r.method} ${toOpenApiPath(r.path)}`);
  return [...new Set(routes)].filter((r) => !DEV_ONLY.has(r));
}

describe('GET /api/openapi.json', () => {
  const doc = openApiDocument();

  it('documents every route the edge serves, and nothing else', () => {
    const documented = Object.entries(doc.paths ?? {}).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
    const served = edgeRoutes();
    expect(served.length).toBeGreaterThanOrEqual(14);
    expect(documented.sort()).toEqual(served.sort());
  });

  const env = (assets?: (req: Request) => Promise<Response>) => ({
    ORIGIN_URL: 'http://127.0.0.1:1', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', ADMIN_API_KEY: 'admin', SERVER_API_KEYS: 'server', CORS_ORIGINS: '*',
    ...(assets ? { ASSETS: { fetch: assets } } : {}),
  });
  const text = readFileSync(join(ROOT, 'docs/openapi.json'), 'utf8');

  it('serves docs/openapi.json as JSON, from the static assets', async () => {
    const asked: string[] = [];
    const res = await app.request('/api/openapi.json', {}, env(async (req) => {
      asked.push(new URL(req.url).pathname);
      return new Response(text, { headers: { 'content-type': 'application/json' } });
    }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(JSON.parse(text));
    expect(asked).toEqual([OPENAPI_ASSET]);
  });

  it('answers 500 with the envelope when the assets lack it (the single-page fallback is HTML)', async () => {
    const res = await app.request('/api/openapi.json', {}, env(async () => new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } })));
    expect(res.status).toBe(500);
    expect((await res.json()).error.code).toBe('internal');
  });

  it('is matched by docs/api.md, which names every route the edge serves', () => {
    const apiMd = readFileSync(join(ROOT, 'docs/api.md'), 'utf8');
    for (const route of edgeRoutes()) expect(apiMd, route).toMatch(new RegExp(`\`${route.replace(/[{}?.]/g, '\\$&')}[\`?]`));
  });
});
