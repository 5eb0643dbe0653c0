/** Layout and delivery: 375 px without horizontal scrolling, dark mode, the CSP, the JS budget; screenshots. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, screenshot } from './app-page.ts';
import { launchChromium, type Browser } from './chromium.ts';
import { boardWith } from './fixtures.ts';
import { gzipSize, measurePage, PLAYER_JS_BUDGET_BYTES } from './js-size.ts';

const LONG_ID = `player.${'x'.repeat(121)}`;
const SCORES = {
  'nova@arena': 9_007_199_254_740_991,
  kestrel: 48_215_330,
  'mika.k': 48_215_330 - 1,
  orbit_7: 31_000_455,
  'ada:lovelace': 27_512_004,
  [LONG_ID]: 12_345_678,
  ferro: 9_001,
  'zed-9': -9_007_199_254_740_991,
};

let browser: Browser;
let board: string;
beforeAll(async () => {
  browser = await launchChromium();
  board = await boardWith(SCORES, { name: 'Spring cup', reset: 'weekly', writers: 'players' }, 'cup');
});
afterAll(async () => {
  await browser?.close();
});

async function fillViews(page: import('playwright-core').Page): Promise<void> {
  await page.fill('#search-id', 'orbit_7');
  await page.click('#search-form button');
  await page.waitForSelector('#search-summary[data-rank="4"]');
  await page.waitForSelector('#player-charts[data-ready]');
  await page.fill('#friends-ids', `kestrel, ferro, ${LONG_ID}, ghost`);
  await page.click('#friends-form button');
  await page.waitForSelector('#friends tbody tr');
}

describe('layout', () => {
  it('works at a 375 px viewport (and 360 px) with no horizontal scrolling', async () => {
    const { page, problems } = await openApp(browser.context, board, { width: 375, height: 812 });
    await fillViews(page);
    const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, view: window.innerWidth }));
    expect(widths.view).toBe(375);
    expect(widths.doc).toBeLessThanOrEqual(widths.view);
    expect(widths.body).toBeLessThanOrEqual(widths.view);
    // Every table and form fits inside the viewport (the charts' tables for screen readers are clipped to nothing, and not shown).
    const overflowing = await page.$$eval('table, form, nav, header, figure', (els) =>
      els.filter((e) => !e.closest('.visually-hidden') && e.getBoundingClientRect().right > window.innerWidth + 0.5).map((e) => e.id || e.tagName),
    );
    expect(overflowing).toEqual([]);
    expect(await page.$eval('#board', (el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent)).toBe(`Spring cup (${board})`);
    expect(await page.isVisible('#countdown')).toBe(true);
    expect(await page.textContent('#countdown')).toMatch(/^(\d+ d )?\d\d:\d\d:\d\d$/);
    await screenshot(page, 'mobile');
    // The narrowest phones in use still fit.
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('renders on desktop, in light and dark colour schemes', async () => {
    const { page, problems } = await openApp(browser.context, board);
    await fillViews(page);
    await page.fill('#submit-player', 'kestrel');
    await screenshot(page, 'desktop');
    const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(light).toBe('rgb(255, 255, 255)');
    expect(dark).not.toBe(light);
    await screenshot(page, 'desktop-dark');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('runs under the edge CSP (no inline script) and sends under 30 KiB of gzipped JS', async () => {
    const { page, problems, scripts, csp } = await openApp(browser.context, board);
    const scriptSrc = csp?.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
    expect(scriptSrc).toBe("script-src 'self'");
    expect(await page.$$eval('script:not([src])', (s) => s.length)).toBe(0);
    const bodies = await Promise.all(scripts);
    expect(bodies.length).toBeGreaterThan(0);
    const sent = bodies.reduce((sum, b) => sum + gzipSize(b), 0);
    expect(sent).toBeLessThan(PLAYER_JS_BUDGET_BYTES);
    expect(measurePage('index.html').gzipTotal).toBeLessThan(PLAYER_JS_BUDGET_BYTES);
    // The page fetched exactly the scripts its HTML names: none of the console's or the widget's.
    expect(bodies.length).toBe(measurePage('index.html').files.length);
    expect(problems).toEqual([]);
    await page.close();
  });
});
