import { describe, expect, it } from 'vitest';
import { app } from './app.ts';
import type { EdgeBindings } from './env.ts';
import { embedAncestors } from './pages.ts';

const env = (assets: (req: Request) => Promise<Response>, extra: Record<string, string> = {}): EdgeBindings =>
  ({ ORIGIN_URL: 'http://127.0.0.1:1', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', ADMIN_API_KEY: 'admin', SERVER_API_KEYS: 'server', ASSETS: { fetch: assets }, ...extra }) as EdgeBindings;

const html = (body: string) => fetch(`data:text/html,${encodeURIComponent(body)}`);

describe('the embeddable widget page', () => {
  it('serves embed.html for /embed/{board} with its own CSP, framable by EMBED_FRAME_ANCESTORS', async () => {
    const asked: string[] = [];
    const res = await app.request('http://127.0.0.1:8787/embed/weekly?view=top:5', {}, env(async (req) => (asked.push(new URL(req.url).pathname), html('<p>widget</p>')), { EMBED_FRAME_ANCESTORS: 'https://game.example.com, https://*.example.org' }));
    expect(res.status).toBe(200);
    expect(asked).toEqual(['/embed']);
    expect(await res.text()).toBe('<p>widget</p>');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain('frame-ancestors https://game.example.com https://*.example.org;');
    expect(res.headers.get('x-frame-options')).toBeNull();
  });

  it("defaults to frame-ancestors 'self', and the rest of the app still may not be framed", async () => {
    const widget = await app.request('http://127.0.0.1:8787/embed/weekly', {}, env(() => html('<p>w</p>')));
    expect(widget.headers.get('content-security-policy')).toContain("frame-ancestors 'self';");
    const app_ = await app.request('http://127.0.0.1:8787/admin', {}, env(() => html('<p>console</p>'), { EMBED_FRAME_ANCESTORS: '*' }));
    expect(app_.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(app_.headers.get('x-frame-options')).toBe('DENY');
  });

  it('keeps only valid sources from the var', () => {
    expect(embedAncestors(undefined)).toBe("'self'");
    expect(embedAncestors('*')).toBe('*');
    expect(embedAncestors("https://a.example 'self'")).toBe("https://a.example 'self'");
    expect(embedAncestors('https://a.example; script-src *')).toBe("'self'");
    expect(embedAncestors("'none' https://a.example")).toBe("'none'");
  });
});
