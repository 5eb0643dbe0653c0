/**
 * The web app's extra pages: the embeddable widget at /embed/{board} (web/embed.html) and the
 * operator console at /admin (web/admin.html). The widget is made to be framed, so it gets its own
 * CSP whose frame-ancestors come from EMBED_FRAME_ANCESTORS; everything else keeps the app's
 * frame-ancestors 'none'. The console only ever talks to the public API, like any other client.
 */
import { Hono, type Context } from 'hono';
import type { EdgeEnv } from './env.ts';

type PagesEnv = EdgeEnv & { Bindings: { EMBED_FRAME_ANCESTORS?: string } };

/** Who may frame the widget when EMBED_FRAME_ANCESTORS is unset: only this deployment's own pages. */
export const DEFAULT_EMBED_ANCESTORS = "'self'";

const SOURCE = /^('self'|'none'|\*|https?:|(https?:\/\/)?(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:(\d{1,5}|\*))?)$/;

/**
 * The widget's frame-ancestors from the var's space- or comma-separated sources. A value with any
 * source that is not one (a typo, or an attempt to add directives) falls back to the default.
 */
export function embedAncestors(value: string | undefined): string {
  const sources = (value ?? '').split(/[\s,]+/).filter(Boolean);
  if (sources.length === 0 || !sources.every((s) => SOURCE.test(s))) return DEFAULT_EMBED_ANCESTORS;
  return sources.includes("'none'") ? "'none'" : sources.join(' ');
}

export const embedCsp = (ancestors: string): string =>
  `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors ${ancestors}; base-uri 'self'; form-action 'none'`;

/** Fetches one built page from the assets (html_handling serves /embed from embed.html). */
async function page(c: Context<PagesEnv>, path: string): Promise<Response> {
  const assets = c.env.ASSETS;
  if (!assets) return c.text('Not found', 404);
  const res = await assets.fetch(new Request(new URL(path, c.req.url), { headers: c.req.raw.headers }));
  // A copy: the asset server's headers are immutable.
  return new Response(res.body, res);
}

export const pages = new Hono<PagesEnv>().get('/embed/:board{[^/]+}', async (c) => {
  const res = await page(c, '/embed');
  if (res.ok) {
    // Set here, so the app's middleware leaves this page's CSP alone and sends no X-Frame-Options.
    res.headers.set('Content-Security-Policy', embedCsp(embedAncestors(c.env.EMBED_FRAME_ANCESTORS)));
    res.headers.set('Cache-Control', 'no-cache');
  }
  return res;
});
