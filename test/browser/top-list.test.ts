/** The top list in real Chromium: what it shows, paging, live updates within 2 s, pausing when hidden. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, entryPages, submit } from '../helpers.ts';
import { enUS, openApp, rowsOf } from './app-page.ts';
import { launchChromium, type Browser } from './chromium.ts';
import { boardWith, numberedPlayers } from './fixtures.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('top list', () => {
  it('renders the entries the API returns: rank, player, exact score, time', async () => {
    const board = await boardWith({ alice: Number.MAX_SAFE_INTEGER, bob: 42, carol: -Number.MAX_SAFE_INTEGER });
    const expected = (await api('GET', `/api/boards/${board}/entries?limit=10`)).body;
    const { page, problems } = await openApp(browser.context, board);
    expect(await rowsOf(page, 'top')).toEqual(expected.entries.map((e: any) => [enUS(e.rank), e.playerId, enUS(e.score)]));
    expect(await rowsOf(page, 'top')).toContainEqual(['1', 'alice', '9,007,199,254,740,991']);
    expect(await page.$$eval('#top tbody time', (ts) => ts.map((t) => (t as HTMLTimeElement).dateTime))).toEqual(expected.entries.map((e: any) => e.achievedAt));
    expect(await page.textContent('#period')).toContain('Period all');
    expect(await page.textContent('#page-info')).toBe('1–3 of 3');
    expect(await page.isDisabled('#next')).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows the empty state for a board without scores', async () => {
    const board = await boardWith({});
    const { page } = await openApp(browser.context, board);
    expect(await page.textContent('#top-status')).toBe('No scores in this period yet.');
    expect(await page.isHidden('#top')).toBe(true);
    await page.close();
  });

  it('pages with the API cursors, forward and back', async () => {
    const board = await boardWith(numberedPlayers(25));
    const pages: string[][][] = (await entryPages(board, 10)).map((res) => res.body.entries.map((e: any) => [enUS(e.rank), e.playerId, enUS(e.score)]));
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);

    const { page, problems } = await openApp(browser.context, board);
    expect(await rowsOf(page, 'top')).toEqual(pages[0]);
    expect(await page.isDisabled('#prev')).toBe(true);
    await page.click('#next');
    await page.waitForFunction(() => document.querySelector('#top tbody tr')?.getAttribute('data-player') === 'p-11');
    expect(await rowsOf(page, 'top')).toEqual(pages[1]);
    expect(await page.textContent('#page-info')).toBe('11–20 of 25');
    await page.click('#next');
    await page.waitForFunction(() => document.querySelector('#top tbody tr')?.getAttribute('data-player') === 'p-21');
    expect(await rowsOf(page, 'top')).toEqual(pages[2]);
    expect(await page.isDisabled('#next')).toBe(true);
    await page.click('#prev');
    await page.waitForFunction(() => document.querySelector('#top tbody tr')?.getAttribute('data-player') === 'p-11');
    expect(await rowsOf(page, 'top')).toEqual(pages[1]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows a score submitted through the API within 2 s, without a reload, highlighted and announced', async () => {
    const board = await boardWith({ alice: 50, bob: 40 });
    const { page, problems } = await openApp(browser.context, board);
    await page.evaluate(() => ((window as any).sameDocument = true));

    const write = await submit(board, 'newcomer', 99);
    expect(write.status).toBe(200);
    const started = Date.now();
    await page.waitForSelector('#top tbody tr[data-player="newcomer"]', { timeout: 2000 });
    const seenAfterMs = Date.now() - started;
    expect(seenAfterMs).toBeLessThan(2000);
    expect(await rowsOf(page, 'top')).toEqual([['1', 'newcomer', '99'], ['2', 'alice', '50'], ['3', 'bob', '40']]);
    expect(await page.getAttribute('#top tbody tr[data-player="newcomer"]', 'class')).toContain('changed');
    expect(await page.textContent('#top-status')).toContain('newcomer is now #1 with 99');
    expect(await page.evaluate(() => (window as any).sameDocument)).toBe(true);

    // An existing player's better score moves their row.
    expect((await submit(board, 'bob', 120)).status).toBe(200);
    await page.waitForFunction(() => document.querySelector('#top tbody tr')?.getAttribute('data-player') === 'bob', undefined, { timeout: 2000 });
    expect(await rowsOf(page, 'top')).toEqual([['1', 'bob', '120'], ['2', 'newcomer', '99'], ['3', 'alice', '50']]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('without its live stream, polls with If-None-Match (304 while nothing changes), says so, and stops while the tab is hidden', async () => {
    const board = await boardWith({ alice: 1 });
    const { page } = await openApp(browser.context, board, undefined, { noStream: true });
    await page.waitForSelector('#live-status[data-live="false"]');
    expect(await page.textContent('#live-status')).toContain('Live updates are unavailable; checking for changes every second');
    const polls: { status: number; conditional: boolean; at: number }[] = [];
    page.on('response', (r) => {
      if (!r.url().includes(`/api/boards/${board}/entries`)) return;
      // A poll answered as the test closes its page can no longer be read; the test is over by then.
      void r.request().headerValue('if-none-match').then(
        (value) => polls.push({ status: r.status(), conditional: Boolean(value), at: Date.now() }),
        () => undefined,
      );
    });
    await page.waitForTimeout(2500);
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(polls.every((p) => p.status === 304 && p.conditional)).toBe(true);

    await page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await page.waitForTimeout(300); // a poll already in flight may still land
    const hiddenFrom = polls.length;
    await page.waitForTimeout(3000);
    expect(polls.length).toBe(hiddenFrom);

    await page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await expect.poll(() => polls.length, { timeout: 1500 }).toBeGreaterThan(hiddenFrom);
    await page.close();
  });
});
