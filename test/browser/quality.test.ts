/**
 * The quality bars of every page (player page, widget, console): axe-core finds no violations, and
 * nothing scrolls sideways, at 360 px and 1440 px, in light and dark. Screenshots of each go to test/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, submit } from '../helpers.ts';
import { openApp, openPage, screenshot, type AppPage } from './app-page.ts';
import { axeViolations } from './axe.ts';
import { launchChromium, type Browser } from './chromium.ts';
import { boardWith } from './fixtures.ts';

const SCORES = { 'nova@arena': 9_007_199_254_740_991, kestrel: 48_215_330, 'mika.k': 48_215_329, orbit_7: 31_000_455, 'ada:lovelace': 27_512_004, ferro: 9_001, [`player.${'x'.repeat(100)}`]: 12, 'zed-9': -42 };

let browser: Browser;
let board: string;
beforeAll(async () => {
  browser = await launchChromium();
  board = await boardWith(SCORES, { name: 'Spring cup', reset: 'weekly', writers: 'players' }, 'cup');
  // A first look, so the next ones have movement to show.
  const first = await openApp(browser.context, board);
  await first.page.close();
  expect((await submit(board, 'ferro', 50_000_000)).status).toBe(200);
  expect((await submit(board, 'newcomer', 30_000_000)).status).toBe(200);
  // orbit_7, looked up below, improves twice: their score history has a line to draw.
  for (const score of [31_250_000, 31_900_000]) expect((await submit(board, 'orbit_7', score)).status).toBe(200);
});
afterAll(async () => {
  await browser?.close();
});

type Scheme = 'light' | 'dark';
const VIEWPORTS = [
  { width: 360, height: 740 },
  { width: 1440, height: 900 },
];

/** Players who climb to 2nd while the player page is open, one per opening, so rows show live movement. */
const CLIMBERS: [string, number][] = [['zed-9', 61_000_000], ['ada:lovelace', 62_000_000], ['mika.k', 63_000_000], ['orbit_7', 64_000_000]];

/** Opens one page, filled in as a reader would see it. */
const PAGES: Record<string, (viewport: { width: number; height: number }) => Promise<AppPage>> = {
  async player(viewport) {
    const app = await openApp(browser.context, board, viewport);
    const [climber, score] = CLIMBERS.shift()!;
    expect((await submit(board, climber, score)).status).toBe(200);
    await app.page.waitForSelector(`#top tr[data-player="${climber}"] .move.up`);
    await app.page.fill('#search-id', 'orbit_7');
    await app.page.click('#search-form button');
    await app.page.waitForSelector('#search-summary[data-rank]');
    await app.page.waitForSelector('#player-charts[data-ready] #score-history polyline');
    await app.page.fill('#friends-ids', 'kestrel, ferro, ghost');
    await app.page.click('#friends-form button');
    await app.page.waitForSelector('#friends tbody tr');
    return app;
  },
  async widget(viewport) {
    const app = await openPage(browser.context, `/embed/${board}?view=top:5`, viewport);
    await app.page.waitForSelector('#top tbody tr');
    await app.page.waitForFunction(() => document.querySelector('#title')?.textContent === 'Spring cup');
    return app;
  },
  async console(viewport) {
    const app = await openPage(browser.context, '/admin', viewport);
    await app.page.waitForSelector(`#boards tr[data-board="${board}"]`);
    await app.page.waitForSelector('#health dt');
    await app.page.fill('#admin-key', ADMIN());
    await app.page.click('#key-form button[type=submit]');
    // A board's operations, filled in: a verify report, moderation, the audit log and the archives.
    await app.page.selectOption('#op-board', board);
    await app.page.click('#op-verify');
    await app.page.waitForSelector('#op-report tbody tr');
    await app.page.click('#mod-load');
    await app.page.waitForFunction(() => !!document.querySelector('#mod-status')?.textContent);
    await app.page.click('#audit-load');
    await app.page.waitForFunction(() => !!document.querySelector('#audit-status')?.textContent);
    await app.page.click('#periods-load');
    await app.page.waitForSelector('#periods tbody tr');
    await app.page.click('#hooks-load');
    await app.page.waitForFunction(() => !!document.querySelector('#hooks-status')?.textContent);
    await app.page.click(`#boards tr[data-board="${board}"] button:text("Edit")`);
    await app.page.selectOption('#bf-reset', 'schedule');
    await app.page.fill('#bf-schedule', 'every 6 hours from 2027-01-04T06:00 Europe/Berlin');
    await app.page.dispatchEvent('#bf-schedule', 'change');
    return app;
  },
};

describe('every page, at 360 px and 1440 px, light and dark', () => {
  for (const [name, open] of Object.entries(PAGES)) {
    it(`${name}: no axe-core violations, no sideways scrolling`, async () => {
      for (const viewport of VIEWPORTS) {
        const { page, problems } = await open(viewport);
        for (const scheme of ['light', 'dark'] as Scheme[]) {
          await page.emulateMedia({ colorScheme: scheme });
          const where = `${name} at ${viewport.width} px, ${scheme}`;
          const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth }));
          expect(widths.doc, where).toBeLessThanOrEqual(widths.view);
          expect(await axeViolations(page), where).toEqual([]);
          await screenshot(page, `${name}-${viewport.width}-${scheme}`);
        }
        expect(problems).toEqual([]);
        await page.close();
      }
    });
  }

  it('the widget follows ?theme=dark whatever the system prefers, and passes axe-core there too', async () => {
    const { page, problems } = await openPage(browser.context, `/embed/${board}?view=top:5&theme=dark`, { width: 360, height: 420 });
    await page.waitForSelector('#top tbody tr');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(11, 17, 32)');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'widget-theme-dark');
    expect(problems).toEqual([]);
    await page.close();
  });
});
