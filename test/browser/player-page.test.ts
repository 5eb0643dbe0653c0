/** The player page's newer parts in Chromium: podium, rank movement, display names, default board, board search, friends text. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, api, edge, submit } from '../helpers.ts';
import { movesOf, openApp, openPage, rowsOf } from './app-page.ts';
import { launchChromium, type Browser } from './chromium.ts';
import { boardWith } from './fixtures.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const podiumOf = (page: import('playwright-core').Page) =>
  page.$$eval('#podium li', (lis) => lis.map((li) => [li.querySelector('.pos')?.textContent, li.querySelector('.name')?.textContent, li.querySelector('.score')?.textContent]));

describe('podium', () => {
  it('shows the top three in rank order, and follows a new leader live', async () => {
    const board = await boardWith({ ana: 500, ben: 400, cy: 300, dee: 200, eve: 100 });
    const { page, problems } = await openApp(browser.context, board);
    expect(await page.isVisible('#podium')).toBe(true);
    expect(await podiumOf(page)).toEqual([['1st', 'ana', '500'], ['2nd', 'ben', '400'], ['3rd', 'cy', '300']]);
    // Drawn 2nd, 1st, 3rd from left to right; the list stays in rank order for screen readers.
    const lefts = await page.$$eval('#podium li', (lis) => lis.map((li) => li.getBoundingClientRect().left));
    expect(lefts[1]!).toBeLessThan(lefts[0]!);
    expect(lefts[0]!).toBeLessThan(lefts[2]!);

    expect((await submit(board, 'eve', 900)).status).toBe(200);
    await page.waitForFunction(() => document.querySelector('#podium li .name')?.textContent === 'eve', undefined, { timeout: 3000 });
    expect(await podiumOf(page)).toEqual([['1st', 'eve', '900'], ['2nd', 'ana', '500'], ['3rd', 'ben', '400']]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows only the places a small board has, and nothing for an empty one', async () => {
    const solo = await boardWith({ only: 7 });
    const { page } = await openApp(browser.context, solo);
    expect(await podiumOf(page)).toEqual([['1st', 'only', '7']]);
    await page.close();
    const empty = await boardWith({});
    const second = await openApp(browser.context, empty);
    expect(await second.page.isHidden('#podium')).toBe(true);
    await second.page.close();
  });
});

describe('rank movement', () => {
  it('shows how far each player moved since the last visit, then since the last poll', async () => {
    const board = await boardWith({ a: 50, b: 40, c: 30 });
    const first = await openApp(browser.context, board);
    // A first visit has nothing to compare with.
    expect(await movesOf(first.page, 'top')).toEqual({ a: '', b: '', c: '' });
    const saved = await first.page.evaluate((b) => localStorage.getItem(`lb.ranks.v1.${b}`), board);
    expect(JSON.parse(saved ?? '{}').ranks).toEqual([['a', 1], ['b', 2], ['c', 3]]);
    await first.page.close();

    // While the reader is away, c takes the lead and d arrives.
    expect((await submit(board, 'c', 100)).status).toBe(200);
    expect((await submit(board, 'd', 45)).status).toBe(200);
    const { page, problems } = await openApp(browser.context, board);
    expect(await rowsOf(page, 'top')).toEqual([['1', 'c', '100'], ['2', 'a', '50'], ['3', 'd', '45'], ['4', 'b', '40']]);
    expect(await movesOf(page, 'top')).toEqual({ c: '▲2', a: '▼1', d: 'new', b: '▼2' });
    expect(await page.$eval('#top tr[data-player="c"] th', (th) => th.textContent)).toBe('1▲2, up 2');
    expect(await page.getAttribute('#top tr[data-player="c"] .move', 'class')).toContain('up');

    // Then each poll that brings a change counts from the one before.
    expect((await submit(board, 'b', 200)).status).toBe(200);
    await page.waitForFunction(() => document.querySelector('#top tbody tr')?.getAttribute('data-player') === 'b', undefined, { timeout: 3000 });
    expect(await movesOf(page, 'top')).toEqual({ b: '▲3', c: '▼1', a: '▼1', d: '▼1' });
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('display names', () => {
  it('shows an entry’s displayName when the API sends one, with the player id beside it, else the id', async () => {
    const board = await boardWith({ alice: 30, bob: 20 });
    const page = await browser.context.newPage();
    // The API has no displayName yet: add one to alice's entry on the way to the page.
    await page.route(`**/api/boards/${board}/entries*`, async (route) => {
      const res = await route.fetch();
      if (res.status() !== 200) return route.fulfill({ response: res });
      const body = await res.json();
      for (const e of body.entries) if (e.playerId === 'alice') e.displayName = 'Alice Liddell';
      await route.fulfill({ response: res, json: body });
    });
    await page.goto(`${edge()}/?board=${board}`);
    await page.waitForSelector('#top tbody tr[data-player="alice"]');
    expect(await rowsOf(page, 'top')).toEqual([['1', 'Alice Liddell', '30'], ['2', 'bob', '20']]);
    expect(await page.textContent('#top tr[data-player="alice"] .pid')).toBe('alice');
    expect(await page.$('#top tr[data-player="bob"] .pid')).toBeNull();
    expect(await page.textContent('#podium li .name')).toBe('Alice Liddell');
    await page.close();
  });
});

describe('which board opens', () => {
  it('opens the deployment’s default board (global) without ?board=, not the first one alphabetically', async () => {
    await boardWith({ first: 1 }, {}, 'aaa'); // sorts before "global"
    const put = await api('PUT', '/api/boards/global', { token: ADMIN(), body: { name: 'Global', sort: 'desc', operator: 'best', reset: 'never', writers: 'server' } });
    expect([200, 201]).toContain(put.status);
    const list = (await api('GET', '/api/boards')).body.boards.map((b: any) => b.id);
    expect(list[0]).not.toBe('global');
    const { page, problems } = await openPage(browser.context, '/');
    await page.waitForFunction(() => (document.querySelector('#board') as HTMLSelectElement).value !== '');
    expect(await page.$eval('#board', (s) => (s as HTMLSelectElement).value)).toBe('global');
    await page.waitForFunction(() => document.querySelector('#top-status')?.textContent !== 'Loading…');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('keeps the picker plain with 20 boards or fewer', async () => {
    const board = await boardWith({ solo: 1 });
    const page = await browser.context.newPage();
    // However many boards the test stack holds, this page is told of three.
    await page.route('**/api/boards', async (route) => {
      const res = await route.fetch();
      const body = await res.json();
      await route.fulfill({ response: res, json: { boards: body.boards.filter((b: any) => b.id === board).concat(body.boards.filter((b: any) => b.id !== board).slice(0, 2)) } });
    });
    await page.goto(`${edge()}/?board=${board}`);
    await page.waitForSelector('#top tbody tr');
    expect(await page.$$eval('#board option', (o) => o.length)).toBe(3);
    expect(await page.isHidden('#board-filter-row')).toBe(true);
    await page.close();
  });

  it('makes the picker searchable once there are more than 20 boards', async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    for (let i = 0; i < 21; i++) await boardWith({}, { name: `Picker ${i}` }, 'pick');
    const needle = await boardWith({ finder: 3 }, { name: `Needle ${tag}` }, 'pick');
    const start = await boardWith({}, {}, 'pick');
    const { page, problems } = await openApp(browser.context, start);
    expect(await page.isVisible('#board-filter')).toBe(true);
    const total = await page.$$eval('#board option', (o) => o.length);
    expect(total).toBeGreaterThan(20);
    await page.fill('#board-filter', `needle ${tag}`);
    // The board on screen stays listed, plus the one match.
    expect(await page.$$eval('#board option', (o) => o.map((x) => (x as HTMLOptionElement).value))).toEqual([start, needle]);
    expect(await page.textContent('#board-filter-count')).toBe(`1 of ${total} boards match`);
    await page.press('#board-filter', 'Enter');
    await page.waitForSelector('#top tbody tr[data-player="finder"]');
    expect(await page.$eval('#board', (s) => (s as HTMLSelectElement).value)).toBe(needle);
    expect(new URL(page.url()).searchParams.get('board')).toBe(needle);
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('friends text', () => {
  it('names only the friends without a score, and says when every one has a score', async () => {
    const board = await boardWith({ kim: 5, lou: 4 });
    const { page } = await openApp(browser.context, board);
    await page.fill('#friends-ids', 'kim, lou');
    await page.click('#friends-form button');
    await page.waitForSelector('#friends tbody tr');
    expect(await page.textContent('#friends-status')).toBe('All 2 have a score in this period.');
    await page.fill('#friends-ids', 'kim, lou, max');
    await page.click('#friends-form button');
    await page.waitForFunction(() => document.querySelector('#friends-status')?.textContent?.includes('max'));
    expect(await page.textContent('#friends-status')).toBe('No score in this period for max.');
    await page.close();
  });
});

