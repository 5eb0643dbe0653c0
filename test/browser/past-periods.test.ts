/** Past periods and their final standings on the player page (GET …/periods, …/periods/{key}/results), in real Chromium. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, api, task } from '../helpers.ts';
import { enUS, openApp } from './app-page.ts';
import { launchChromium, type Browser } from './chromium.ts';
import { boardWith } from './fixtures.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('past periods', () => {
  it('lists a closed period and shows its stored results when picked', async () => {
    const board = await boardWith({ ann: 30, bob: 50, cy: 10 }, { endsAt: new Date(Date.now() + 60_000).toISOString() }, 'past');
    // Close the board's period: endsAt moves into the past, and the scheduled task stores the results.
    const put = await api('PUT', `/api/boards/${board}`, { token: ADMIN(), body: { name: board, sort: 'desc', operator: 'best', reset: 'never', writers: 'server', endsAt: new Date(Date.now() - 1000).toISOString() } });
    expect(put.status).toBe(200);
    const run = await task('rollover');
    expect(run.ok && run.result.closed).toContainEqual({ board, period: 'all' });

    const { page, problems } = await openApp(browser.context, board);
    await page.waitForSelector('#past-section:not([hidden]) #past-periods button');
    expect(await page.textContent('#past-periods')).toContain('3 players');
    await page.click('#past-periods button');
    await page.waitForSelector('#past-results:not([hidden])');
    const rows = await page.$$eval('#past-results tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())));
    expect(rows).toEqual([
      ['1', 'bob', enUS(50)],
      ['2', 'ann', enUS(30)],
      ['3', 'cy', enUS(10)],
    ]);
    expect(await page.textContent('#past-caption')).toContain('3 players');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('stays hidden on a board with no closed period', async () => {
    const board = await boardWith({ ann: 1 }, {}, 'past');
    const { page, problems } = await openApp(browser.context, board);
    // The panel is filled after the periods answer: wait until it holds this board's list.
    await page.waitForSelector(`#past-section[data-board="${board}"]`, { state: 'attached' });
    expect(await page.isHidden('#past-section')).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });
});
