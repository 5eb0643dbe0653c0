/**
 * The README's "top 10 on another site" snippet, as written there, on a page of another origin:
 * it must show the board's top 10 through the edge's CORS.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, edge } from '../helpers.ts';
import { launchChromium, type Browser } from './chromium.ts';
import { boardWith, numberedPlayers } from './fixtures.ts';

const README = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');

/** The html block under the README's "The top 10 on another site". */
function snippet(): string {
  const section = README.slice(README.indexOf('### The top 10 on another site'));
  const m = /```html\n([\s\S]*?)```/.exec(section);
  if (!m) throw new Error('no html snippet under "The top 10 on another site"');
  return m[1]!;
}

let browser: Browser;
let server: Server;
let site: string;
let html = '';
beforeAll(async () => {
  browser = await launchChromium();
  server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  // Another origin than the edge's: another port.
  site = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

describe("the README's browser snippet", () => {
  it('is at most ten lines, and shows the top 10 on a page of another origin', async () => {
    const code = snippet();
    expect(code.trimEnd().split('\n').length).toBeLessThanOrEqual(10);
    const board = await boardWith(numberedPlayers(12), { name: 'Snippet cup' });
    html = `<!doctype html><title>A game's site</title>${code.replace('https://leaderboard.example.com', edge()).replace('weekly-race', board)}`;
    expect(html).toContain(`${edge()}/api/boards/${board}/entries?limit=10`);
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(site);
    await page.waitForFunction(() => document.querySelectorAll('#top10 li').length > 0, undefined, { timeout: 10_000 });
    const expected = (await api('GET', `/api/boards/${board}/entries?limit=10`)).body.entries.map((e: any) => `${e.playerId}: ${e.score}`);
    expect(expected).toHaveLength(10);
    expect(await page.$$eval('#top10 li', (items) => items.map((li) => li.textContent))).toEqual(expected);
    expect(errors).toEqual([]);
    await page.close();
  });
});
