/**
 * Dev-only endpoints for the web app's demo: they exist only when `DEV_MODE` is "true" (set by the
 * local stack and `.dev.vars`, never in wrangler.toml), the request came to a loopback host, and player
 * tokens are verified with the local HS256 secret. Anywhere else they answer 404 like any unknown path.
 *   GET  /api/dev        {"devMode": true}: lets the page show its dev-only tools
 *   POST /api/dev/token  {"playerId"} -> {"token", "playerId", "expiresAt"}: a player JWT signed here,
 *                        so the secret never reaches the browser
 *   POST /api/dev/cache/purge  {"tags"} or {"everything": true} -> {"deleted"}: the local Cloudflare
 *                        purge API (dev/cloudflare) clears the copies stored with those Cache-Tags
 */
import { Hono, type Context } from 'hono';
import { SignJWT } from 'jose';
import * as z from 'zod';
import { ApiError, playerIdSchema, readJsonBody } from '../../core/index.ts';
import { expectedIssuer } from '../auth.ts';
import type { EdgeEnv } from '../env.ts';
import { purgeIndexed } from '../dev-cache-index.ts';

const TOKEN_SECONDS = 3600;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True when this request may use the dev-only endpoints. */
export function devModeAllows(c: Context<EdgeEnv>): boolean {
  const url = new URL(c.req.url);
  return c.env.DEV_MODE === 'true' && LOOPBACK.has(url.hostname) && Boolean(c.env.SUPABASE_JWT_SECRET) && !c.env.SUPABASE_JWKS_URL && expectedIssuer(c.env) !== null;
}

/** A player token as the local Supabase Auth would issue it (HS256, audience "authenticated"). */
export async function mintPlayerToken(secret: string, issuer: string, playerId: string, now = Date.now()): Promise<{ token: string; expiresAt: string }> {
  const iat = Math.floor(now / 1000);
  const token = await new SignJWT({ role: 'authenticated' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(issuer)
    .setSubject(playerId)
    .setAudience('authenticated')
    .setIssuedAt(iat)
    .setExpirationTime(iat + TOKEN_SECONDS)
    .sign(new TextEncoder().encode(secret));
  return { token, expiresAt: new Date((iat + TOKEN_SECONDS) * 1000).toISOString() };
}

export const dev = new Hono<EdgeEnv>()
  .use('/api/dev/*', async (c, next) => {
    if (!devModeAllows(c)) throw new ApiError('not_found', `No route for ${c.req.method} ${new URL(c.req.url).pathname}`);
    // Another site open in the same browser must not mint tokens from the local stack.
    const origin = c.req.header('origin');
    if (origin && origin !== new URL(c.req.url).origin) throw new ApiError('forbidden', 'Dev endpoints answer only the page served by this edge');
    c.header('Cache-Control', 'no-store');
    await next();
  })
  .get('/api/dev', (c) => c.json({ devMode: true }))
  // The local Cloudflare purge API (dev/cloudflare) clears this Worker's cache here.
  .post('/api/dev/cache/purge', async (c) => {
    const purge = await readJsonBody(c.req.raw, z.strictObject({ tags: z.array(z.string().min(1).max(1024)).max(100).optional(), everything: z.boolean().optional() }));
    return c.json({ deleted: await purgeIndexed(caches.default, purge) });
  })
  .post('/api/dev/token', async (c) => {
    const { playerId } = await readJsonBody(c.req.raw, z.object({ playerId: playerIdSchema }));
    return c.json({ playerId, ...(await mintPlayerToken(c.env.SUPABASE_JWT_SECRET!, expectedIssuer(c.env)!, playerId)) });
  });
