/**
 * Runs the local Cloudflare purge API (dev/cloudflare/purge-api.ts): `tsx dev/cloudflare/main.ts`.
 * Env: CLOUDFLARE_EMULATOR_PORT, CLOUDFLARE_ZONE_ID, CLOUDFLARE_API_TOKEN (defaults from
 * dev/local-config.ts), EDGE_URL (the local Worker, whose dev-only route clears its cache).
 * Prints `cloudflare ready http://127.0.0.1:<port>` when ready.
 */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { outlastClientPools } from '../http/keep-alive.ts';
import { DEV_PORTS, LOCAL_CLOUDFLARE } from '../local-config.ts';
import { createPurgeApi } from './purge-api.ts';

const env = process.env;
const port = Number(env.CLOUDFLARE_EMULATOR_PORT ?? DEV_PORTS.cloudflare);
const edgeUrl = env.EDGE_URL ?? `http://127.0.0.1:${DEV_PORTS.edge}`;

const { app } = createPurgeApi({
  zoneId: env.CLOUDFLARE_ZONE_ID ?? LOCAL_CLOUDFLARE.zoneId,
  apiToken: env.CLOUDFLARE_API_TOKEN ?? LOCAL_CLOUDFLARE.apiToken,
  clearLocal: async (purge) => {
    try {
      const res = await fetch(`${edgeUrl}/api/dev/cache/purge`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(purge), signal: AbortSignal.timeout(5000) });
      const out = (await res.json()) as { deleted?: number };
      return out.deleted ?? 0;
    } catch (err) {
      process.stderr.write(`${JSON.stringify({ level: 'warn', service: 'cloudflare', msg: 'could not clear the local edge cache', error: String(err) })}\n`);
      return 0;
    }
  },
});

const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`cloudflare ready http://127.0.0.1:${info.port}\n`);
});
outlastClientPools(server as Server);
const shutdown = () => server.close(() => process.exit(0));
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
