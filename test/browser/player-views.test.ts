/** Player search (rank, percentile, neighbours) and the friends view, in real Chromium. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers.ts';
import { enUS, openApp, rowsOf } from './app-page.ts';
import { launchChromium, type Browser } from './chromium.ts';
import { boardWith, numberedPlayers } from './fixtures.ts';

let browser: Browser;
let board: string;
beforeAll(async () => {
  browser = await launchChromium();
  board = await boardWith(numberedPlayers(30));
});
afterAll(async () => {
  await browser?.close();
});

const asRows = (entries: any[]) => entries.map((e) => [enUS(e.rank), e.playerId, enUS(e.score)]);

describe('player search', () => {
  it("shows the player's rank, percentile and neighbours as the API gives them", async () => {
    const standing = (await api('GET', `/api/boards/${board}/players/p-17`)).body;
    const around = (await api('GET', `/api/boards/${board}/players/p-17/around?radius=3`)).body;
    expect(standing.entry.rank).toBe(17);

    const { page, problems } = await openApp(browser.context, board);
    await page.fill('#search-id', 'p-17');
    await page.click('#search-form button');
    await page.waitForSelector('#search-summary[data-rank]');
    expect(await page.getAttribute('#search-summary', 'data-rank')).toBe('17');
    const summary = await page.textContent('#search-summary');
    expect(summary).toContain('p-17 is #17 of 30');
    expect(summary).toContain(new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 2 }).format(standing.percentile / 100));
    expect(await rowsOf(page, 'around')).toEqual(asRows(around.entries));
    expect(await rowsOf(page, 'around')).toHaveLength(7);
    expect(await page.getAttribute('#around tr[aria-current="true"]', 'data-player')).toBe('p-17');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('says so when the player has no score, and is usable from the keyboard alone', async () => {
    const { page } = await openApp(browser.context, board);
    let focused = '';
    for (let i = 0; i < 20 && focused !== 'search-id'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.id ?? '');
    }
    expect(focused).toBe('search-id');
    await page.keyboard.type('nobody-here');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#search-summary')?.textContent?.includes('has no score'));
    expect(await page.isHidden('#around')).toBe(true);

    await page.fill('#search-id', 'p-2');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#search-summary[data-rank="2"]');
    await page.close();
  });
});

describe('friends view', () => {
  it('shows the entries of a list of ids in rank order, leaving out unknown ids', async () => {
    const expected = (await api('GET', `/api/boards/${board}/players?ids=p-20,p-3,ghost,p-11`)).body;
    const { page, problems } = await openApp(browser.context, board);
    await page.fill('#friends-ids', 'p-20, p-3 ghost,p-11');
    await page.click('#friends-form button');
    await page.waitForSelector('#friends tbody tr');
    expect(await rowsOf(page, 'friends')).toEqual(asRows(expected.entries));
    expect((await rowsOf(page, 'friends')).map((r) => r[1])).toEqual(['p-3', 'p-11', 'p-20']);
    expect(await page.textContent('#friends-status')).toContain('ghost');

    await page.fill('#friends-ids', 'not valid!');
    await page.click('#friends-form button');
    expect(await page.getAttribute('#friends-ids', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#friends-status')).toContain('Not valid player ids');
    expect(problems).toEqual([]);
    await page.close();
  });
});
