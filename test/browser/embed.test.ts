/** The embeddable widget (/embed/{board}) in Chromium: what it shows, its CSP, and who may frame it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, submit } from '../helpers.ts';
import { openApp, openPage, rowsOf } from './app-page.ts';
import { launchChromium, type Browser } from './chromium.ts';
import { boardWith, numberedPlayers } from './fixtures.ts';

let browser: Browser;
let board: string;
beforeAll(async () => {
  browser = await launchChromium();
  board = await boardWith(numberedPlayers(15), { name: 'Arena cup' });
});
afterAll(async () => {
  await browser?.close();
});

const loaded = (page: import('playwright-core').Page) => page.waitForFunction(() => !document.querySelector('#top')?.hasAttribute('hidden') || document.querySelector('#status')?.textContent !== 'Loading…');

describe('embeddable widget', () => {
  it('shows the top N of view=top:N, the board name, and stays live', async () => {
    const expected = (await api('GET', `/api/boards/${board}/entries?limit=5`)).body.entries.map((e: any) => [String(e.rank), e.playerId, String(e.score)]);
    const { page, problems, csp } = await openPage(browser.context, `/embed/${board}?view=top:5`, { width: 360, height: 480 });
    await loaded(page);
    expect(await rowsOf(page, 'top')).toEqual(expected);
    await page.waitForFunction(() => document.querySelector('#title')?.textContent === 'Arena cup');
    expect(await page.getAttribute('#full', 'href')).toBe(`/?board=${board}`);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toMatch(/frame-ancestors [^;]+/);
    expect(csp).not.toContain("frame-ancestors 'none'");

    expect((await submit(board, 'rocket', 5000)).status).toBe(200);
    await page.waitForFunction(() => document.querySelector('#top tbody tr')?.getAttribute('data-player') === 'rocket', undefined, { timeout: 3000 });
    expect(await page.$$eval('#top tbody tr', (r) => r.length)).toBe(5);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('takes theme=dark, and defaults to the top 10', async () => {
    const { page, problems } = await openPage(browser.context, `/embed/${board}?theme=dark`);
    await loaded(page);
    expect(await page.$$eval('#top tbody tr', (r) => r.length)).toBe(10);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(11, 17, 32)');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('says what is wrong with a bad view or an unknown board', async () => {
    const bad = await openPage(browser.context, `/embed/${board}?view=bottom:3`);
    await bad.page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('Unknown view'));
    expect(await bad.page.isHidden('#top')).toBe(true);
    await bad.page.close();
    const missing = await openPage(browser.context, '/embed/no-such-board-here');
    await missing.page.waitForFunction(() => document.querySelector('#status')?.textContent === 'This board does not exist.');
    await missing.page.close();
  });

  it('may be framed as EMBED_FRAME_ANCESTORS allows, while the player page may never be', async () => {
    const { page } = await openApp(browser.context, board);
    await page.evaluate((b) => {
      for (const [id, src] of [['widget', `/embed/${b}?view=top:3`], ['app', `/?board=${b}`]]) {
        const frame = document.createElement('iframe');
        frame.id = id!;
        frame.title = id!;
        frame.src = src!;
        document.body.append(frame);
      }
    }, board);
    // The widget (frame-ancestors 'self' here) renders inside the frame; the app is refused (frame-ancestors 'none').
    await page.waitForFunction(() => (document.querySelector('#widget') as HTMLIFrameElement).contentDocument?.querySelectorAll('#top tbody tr').length === 3, undefined, { timeout: 5000 });
    await page.waitForTimeout(500);
    const app = await page.evaluate(() => {
      const doc = (document.querySelector('#app') as HTMLIFrameElement).contentDocument;
      return doc?.querySelector('#top') ? 'rendered' : 'blocked';
    });
    expect(app).toBe('blocked');
    await page.close();
  });
});
