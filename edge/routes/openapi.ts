/**
 * GET /api/openapi.json: the API's OpenAPI 3.1 document. It is generated from the zod schemas in
 * core/ by build/openapi.ts (`npm run openapi` writes docs/openapi.json), and the web app's build
 * copies it into the static assets (vite.config.ts), so the Worker serves it from there instead of
 * carrying it in its own bundle.
 */
import { Hono } from 'hono';
import { ApiError } from '../../core/index.ts';
import type { EdgeEnv } from '../env.ts';

/** Where the web app's build puts the document among the static assets. */
export const OPENAPI_ASSET = '/openapi.json';

export const openapi = new Hono<EdgeEnv>().get('/api/openapi.json', async (c) => {
  const asset = c.env.ASSETS ? await c.env.ASSETS.fetch(new Request(new URL(OPENAPI_ASSET, c.req.url))) : null;
  if (!asset?.ok || !(asset.headers.get('content-type') ?? '').includes('json')) {
    await asset?.body?.cancel();
    throw new ApiError('internal', 'The OpenAPI document is missing from the static assets: build the web app (npm run build:web)');
  }
  return new Response(asset.body, { status: 200, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'public, max-age=300', 'X-Cache': 'BYPASS' } });
});
