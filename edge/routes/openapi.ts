/**
 * GET /api/openapi.json: the API's OpenAPI 3.1 document. It is generated from the zod schemas in
 * core/ by build/openapi.ts (`npm run openapi` writes docs/openapi.json), so the Worker only ships JSON.
 */
import { Hono } from 'hono';
import document from '../../docs/openapi.json';
import type { EdgeEnv } from '../env.ts';

export const openapi = new Hono<EdgeEnv>().get('/api/openapi.json', (c) =>
  c.json(document, 200, { 'Cache-Control': 'public, max-age=300', 'X-Cache': 'BYPASS' }),
);
