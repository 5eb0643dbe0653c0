/** The operator console (/admin) in Chromium: the key in memory only, boards, the 409 rules, deletion, erasure. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, api, uniqueBoard } from '../helpers.ts';
import { openPage } from './app-page.ts';
import { launchChromium, type Browser } from './chromium.ts';
import { boardWith } from './fixtures.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

type Page = import('playwright-core').Page;

async function openConsole(): Promise<Awaited<ReturnType<typeof openPage>>> {
  const app = await openPage(browser.context, '/admin');
  await app.page.waitForFunction(() => document.querySelector('#boards-status')?.textContent !== 'Loading…');
  return app;
}

async function enterKey(page: Page, key: string): Promise<void> {
  await page.fill('#admin-key', key);
  await page.click('#key-form button[type=submit]');
}

describe('operator console', () => {
  it('loads its own code only, and keeps the key in memory only', async () => {
    const { page, problems, csp } = await openConsole();
    expect(csp).toContain("frame-ancestors 'none'");
    const scripts = await page.$$eval('script[src]', (s) => s.map((x) => (x as HTMLScriptElement).src));
    expect(scripts.some((s) => /\/assets\/admin-[^/]+\.js$/.test(s))).toBe(true);
    await enterKey(page, ADMIN());
    expect(await page.inputValue('#admin-key')).toBe('');
    expect(await page.textContent('#key-status')).toContain('memory');
    const stored = await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length, cookies: document.cookie }));
    expect(stored).toEqual({ local: 0, session: 0, cookies: '' });
    // The player page does not load the console's code. It is opened only now: it keeps its rank
    // memory in this origin's localStorage, which the check above must not see.
    const player = await openPage(browser.context, '/');
    const playerScripts = await player.page.$$eval('script[src], link[rel=modulepreload]', (s) => s.map((x) => (x as HTMLScriptElement).src || (x as HTMLLinkElement).href));
    expect(playerScripts.some((s) => s.includes('/assets/admin-'))).toBe(false);
    await player.page.close();
    await page.reload();
    await page.waitForFunction(() => document.querySelector('#boards-status')?.textContent !== 'Loading…');
    expect(await page.isHidden('#forget-key')).toBe(true);
    // Without a key, an action asks for one and sends nothing.
    await page.fill('#bf-id', uniqueBoard('adm'));
    await page.fill('#bf-name', 'No key');
    await page.click('#bf-submit');
    expect(await page.textContent('#form-result')).toContain('Enter the admin key first');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('drops a refused key and says so', async () => {
    const { page } = await openConsole();
    await enterKey(page, 'not-the-key');
    await page.fill('#bf-id', uniqueBoard('adm'));
    await page.fill('#bf-name', 'Wrong key');
    await page.click('#bf-submit');
    await page.waitForFunction(() => document.querySelector('#form-result')?.textContent?.startsWith('401'));
    expect(await page.textContent('#key-status')).toContain('refused');
    expect(await page.isHidden('#forget-key')).toBe(true);
    await page.close();
  });

  it('creates a board, then edits it, through the public API', async () => {
    const id = uniqueBoard('adm');
    const { page, problems } = await openConsole();
    await enterKey(page, ADMIN());
    await page.click('#new-board');
    await page.fill('#bf-id', id);
    await page.fill('#bf-name', 'Console cup');
    await page.selectOption('#bf-reset', 'weekly');
    await page.selectOption('#bf-writers', 'players');
    await page.fill('#bf-max', '1000');
    await page.click('#bf-submit');
    await page.waitForSelector(`#boards tr[data-board="${id}"]`);
    expect(await page.textContent('#form-result')).toContain(`Saved ${id}`);
    const created = (await api('GET', `/api/boards/${id}`)).body;
    expect(created).toMatchObject({ id, name: 'Console cup', reset: 'weekly', writers: 'players', maxScore: 1000, sort: 'desc', operator: 'best' });

    // The form now edits it: the id is fixed, the name can change.
    expect(await page.getAttribute('#bf-id', 'readonly')).toBe('');
    expect(await page.textContent('#form-heading')).toBe(`Edit ${id}`);
    await page.fill('#bf-name', 'Console cup, renamed');
    await page.click('#bf-submit');
    await page.waitForFunction((b) => document.querySelector(`#boards tr[data-board="${b}"] .name`)?.textContent === 'Console cup, renamed', id);
    expect((await api('GET', `/api/boards/${id}`)).body.name).toBe('Console cup, renamed');

    // A field the API refuses is named.
    await page.fill('#bf-cache', '99999');
    await page.click('#bf-submit');
    expect(await page.getAttribute('#bf-cache', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#form-result')).toContain('cacheSeconds');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows the 409 rules before saving, and the 409 clearly when a locked rule changes', async () => {
    const board = await boardWith({ p1: 10, p2: 20 }, { name: 'Locked' }, 'adm');
    const { page } = await openConsole();
    await enterKey(page, ADMIN());
    await page.click(`#boards tr[data-board="${board}"] button:text("Edit")`);
    expect(await page.isVisible('#rules-locked')).toBe(true);
    expect(await page.textContent('#rules-warning')).toContain('sort, operator and reset are fixed');
    await page.selectOption('#bf-sort', 'asc');
    expect(await page.textContent('#rules-warning')).toContain('changing sort will be refused (409)');
    await page.click('#bf-submit');
    await page.waitForFunction(() => document.querySelector('#form-result')?.textContent?.startsWith('409'));
    const text = await page.textContent('#form-result');
    expect(text).toContain('409 Conflict');
    expect(text).toContain('sort, operator and reset cannot change while the board has entries');
    expect(await page.getAttribute('#form-result', 'class')).toContain('error');
    expect((await api('GET', `/api/boards/${board}`)).body.sort).toBe('desc');

    // Bounds that existing scores fall outside are refused too.
    await page.selectOption('#bf-sort', 'desc');
    await page.fill('#bf-max', '15');
    await page.click('#bf-submit');
    await page.waitForFunction(() => document.querySelector('#form-result')?.textContent?.includes('outside the new bounds'));
    await page.close();
  });

  it('deletes a board only once its id is typed again, and erases a player', async () => {
    const board = await boardWith({ keep: 5, gone: 9 }, {}, 'adm');
    const { page, problems } = await openConsole();
    await enterKey(page, ADMIN());

    await page.fill('#erase-board', board);
    await page.fill('#erase-player', 'gone');
    await page.fill('#erase-confirm', 'gone');
    await page.click('#erase-form button');
    await page.waitForFunction(() => document.querySelector('#erase-result')?.textContent?.startsWith('Erased'));
    expect((await api('GET', `/api/boards/${board}/players/gone`)).status).toBe(404);
    expect((await api('GET', `/api/boards/${board}/players/keep`)).status).toBe(200);

    await page.click(`#boards tr[data-board="${board}"] button:text("Delete")`);
    expect(await page.inputValue('#del-board')).toBe(board);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('del-confirm');
    await page.fill('#del-confirm', 'something-else');
    await page.click('#delete-form button');
    expect(await page.textContent('#delete-result')).toContain('to confirm');
    expect((await api('GET', `/api/boards/${board}`)).status).toBe(200);
    await page.fill('#del-confirm', board);
    await page.click('#delete-form button');
    await page.waitForFunction(() => document.querySelector('#delete-result')?.textContent?.startsWith('Deleted'));
    expect(await page.$(`#boards tr[data-board="${board}"]`)).toBeNull();
    expect((await api('GET', `/api/boards/${board}`)).status).toBe(404);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows health from the API and says which maintenance tasks the API does not offer', async () => {
    const { page } = await openConsole();
    await page.waitForSelector('#health dt');
    expect(await page.$$eval('#health dt', (d) => d.map((x) => x.textContent))).toContain('status');
    expect(await page.textContent('#maint-heading ~ p')).toContain('Not in the public API');
    expect(await page.textContent('#cli')).toContain('npm run admin -- verify --board');
    await page.close();
  });
});
