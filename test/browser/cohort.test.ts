/** The looked-up player's cohort on a league board, with its promotion and demotion zones and a countdown, in real Chromium. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createBoard, SERVER, uniqueBoard } from '../helpers.ts';
import { openApp } from './app-page.ts';
import { axeViolations } from './axe.ts';
import { launchChromium, type Browser } from './chromium.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function search(page: import('playwright-core').Page, player: string) {
  await page.fill('#search-id', player);
  await page.click('#search-form button[type=submit]');
}

describe('the cohort view', () => {
  it("shows a league player's cohort with the top promote and bottom demote marked, and the time left", async () => {
    const board = uniqueBoard('cohortweb');
    await createBoard(board, { reset: 'daily', tournament: { cohortSize: 5, league: { tiers: 3, promote: 1, demote: 2 } } });
    // Rules boards take single submissions: each is the player's attempt, and places them in cohort 1 (a-e) or 2 (f).
    for (const [p, s] of [['a', 10], ['b', 50], ['c', 30], ['d', 20], ['e', 40], ['f', 5]] as const) {
      expect((await api('POST', `/api/boards/${board}/scores`, { token: SERVER(), body: { playerId: p, score: s } })).status).toBe(200);
    }
    const { page, problems } = await openApp(browser.context, board);
    await search(page, 'c');
    await page.waitForSelector('#cohort-section:not([hidden])[data-cohort="1"]');
    const rows = await page.$$eval('#cohort-table tbody tr', (trs) =>
      trs.map((tr) => [tr.getAttribute('data-player'), tr.querySelector('.zone')?.textContent ?? '', tr.getAttribute('aria-current') ?? '']),
    );
    expect(rows).toEqual([
      ['b', 'Moves up', ''],
      ['e', '', ''],
      ['c', '', 'true'],
      ['d', 'Moves down', ''],
      ['a', 'Moves down', ''],
    ]);
    expect(await page.textContent('#cohort-summary')).toContain('cohort 1, tier 1');
    expect(await page.textContent('#cohort-legend')).toContain('top 1');
    // The countdown runs to the end of today's period (UTC midnight).
    const ends = await page.getAttribute('#cohort-ends', 'datetime');
    const midnight = new Date();
    midnight.setUTCHours(24, 0, 0, 0);
    expect(ends).toBe(midnight.toISOString());
    expect(await page.textContent('#cohort-ends')).toMatch(/^\d\d:\d\d:\d\d$/);
    expect(await axeViolations(page)).toEqual([]);

    // A player alone in cohort 2 sees that cohort; on a board without cohorts the section stays hidden.
    await search(page, 'f');
    await page.waitForSelector('#cohort-section:not([hidden])[data-cohort="2"]');
    expect(await page.$$eval('#cohort-table tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-player')))).toEqual(['f']);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('gives the demotion places to members without a score first, as the close does', async () => {
    const board = uniqueBoard('cohortweb');
    await createBoard(board, { reset: 'daily', tournament: { cohortSize: 5, league: { tiers: 3, promote: 1, demote: 2 } } });
    for (const [p, s] of [['a', 10], ['b', 30], ['c', 20]] as const) {
      expect((await api('POST', `/api/boards/${board}/scores`, { token: SERVER(), body: { playerId: p, score: s } })).status).toBe(200);
    }
    // x and y join cohort 1 and never score: the close ranks them 4th and 5th, the bottom 2.
    for (const p of ['x', 'y']) expect((await api('POST', `/api/boards/${board}/join`, { token: SERVER(), body: { playerId: p } })).body.cohortId).toBe(1);
    const { page, problems } = await openApp(browser.context, board);
    await search(page, 'a');
    await page.waitForSelector('#cohort-section:not([hidden])[data-cohort="1"]');
    await page.waitForSelector('#cohort-table tbody tr.unscored');
    const rows = await page.$$eval('#cohort-table tbody tr', (trs) =>
      trs.map((tr) => [tr.getAttribute('data-player') ?? `unscored:${tr.getAttribute('data-unscored')}`, tr.getAttribute('data-zone') ?? '', tr.querySelector('.zone')?.textContent ?? '']),
    );
    // Counting only the scored members would mark c and a "Moves down".
    expect(rows).toEqual([
      ['b', 'promote', 'Moves up'],
      ['c', '', ''],
      ['a', '', ''],
      ['unscored:2', 'demote', 'Moves down'],
    ]);
    expect(await page.textContent('#cohort-table tbody tr.unscored .player')).toBe('2 members without a score');
    expect(await page.textContent('#cohort-legend')).toContain('2 members without a score will move down first');
    expect(await page.textContent('#cohort-summary')).toContain('3 players have scored, 2 members have not');
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('stays hidden on a board without cohorts', async () => {
    const board = uniqueBoard('cohortweb');
    await createBoard(board);
    expect((await api('POST', `/api/boards/${board}/scores`, { token: SERVER(), body: { playerId: 'a', score: 1 } })).status).toBe(200);
    const { page, problems } = await openApp(browser.context, board);
    await search(page, 'a');
    await page.waitForFunction(() => document.querySelector('#search-summary')?.textContent?.includes('#1'));
    expect(await page.isHidden('#cohort-section')).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });
});
