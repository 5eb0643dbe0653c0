/**
 * The operator console (/admin) in Chromium: the key in memory only, boards, the 409 rules and
 * schedules, deletion, erasure, verify and rebuild with their reports, source status, moderation,
 * the audit log and period archives.
 */
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

  it('shows health from the API and the admin CLI for whole-board runs', async () => {
    const { page } = await openConsole();
    await page.waitForSelector('#health dt');
    expect(await page.$$eval('#health dt', (d) => d.map((x) => x.textContent))).toContain('status');
    expect(await page.textContent('#maint-heading ~ p')).toContain('120-second');
    expect(await page.textContent('#cli')).toContain('--all-periods');
    await page.close();
  });

  it('creates a board on a schedule, and names a wrong schedule before sending', async () => {
    const id = uniqueBoard('adm');
    const { page, problems } = await openConsole();
    await enterKey(page, ADMIN());
    await page.click('#new-board');
    expect(await page.isHidden('#bf-schedule')).toBe(true);
    await page.fill('#bf-id', id);
    await page.fill('#bf-name', 'Raid nights');
    await page.selectOption('#bf-reset', 'schedule');
    expect(await page.isVisible('#bf-schedule')).toBe(true);
    await page.fill('#bf-schedule', 'every 6 weeks from 2027-01-04T06:00 Europe/Berlin');
    await page.click('#bf-submit');
    expect(await page.getAttribute('#bf-schedule', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#form-result')).toContain('Not sent: schedule');
    expect((await api('GET', `/api/boards/${id}`)).status).toBe(404);

    const every = 'every 6 hours from 2027-01-04T06:00 Europe/Berlin';
    await page.fill('#bf-schedule', every);
    await page.click('#bf-submit');
    await page.waitForSelector(`#boards tr[data-board="${id}"]`);
    expect((await api('GET', `/api/boards/${id}`)).body.reset).toBe(every);
    // Opened again for editing, it is still a schedule; the rule says a schedule is locked like any reset.
    await page.click(`#boards tr[data-board="${id}"] button:text("Edit")`);
    expect(await page.inputValue('#bf-reset')).toBe('schedule');
    expect(await page.inputValue('#bf-schedule')).toBe(every);
    expect(await page.textContent('#rules-locked')).toContain('a schedule included');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('runs verify and rebuild on a board and shows their reports; source status and sync say what they can', async () => {
    const board = await boardWith({ p1: 10, p2: 20, p3: 30 }, { name: 'Checked' }, 'adm');
    const { page, problems } = await openConsole();
    await enterKey(page, ADMIN());
    // Without a board chosen, nothing is sent.
    await page.click('#op-verify');
    expect(await page.textContent('#op-result')).toContain('Choose a board first');

    await page.selectOption('#op-board', board);
    await page.click('#op-verify');
    await page.waitForFunction(() => document.querySelector('#op-result')?.textContent?.startsWith('Verified'));
    expect(await page.textContent('#op-result')).toBe(`Verified ${board}, period all: Valkey matches Supabase.`);
    expect(await page.getAttribute('#op-result', 'class')).toContain('ok');
    const rows = await page.$$eval('#op-report tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(rows).toEqual([['all', 'matches', '3', '3', '0', '—']]);

    await page.check('#op-all');
    expect(await page.isDisabled('#op-period')).toBe(true);
    await page.click('#op-rebuild');
    await page.waitForFunction(() => document.querySelector('#op-result')?.textContent?.startsWith('Rebuilt'));
    expect(await page.textContent('#op-result')).toBe(`Rebuilt ${board}: all.`);

    // A bad period is the API's 400, shown with its field.
    await page.uncheck('#op-all');
    await page.fill('#op-period', 'no such period');
    await page.click('#op-verify');
    await page.waitForFunction(() => document.querySelector('#op-result')?.textContent?.startsWith('400'));
    expect(await page.textContent('#op-result')).toContain('period');

    await page.click('#source-show');
    await page.waitForSelector('#source-status dd');
    expect(await page.textContent('#source-status dd')).toContain('no source');
    await page.click('#source-sync');
    await page.waitForFunction(() => document.querySelector('#source-result')?.textContent?.startsWith('409'));
    expect(await page.textContent('#source-result')).toContain('has no source');

    // An erasure shows in the audit log; the archives list the running period.
    expect((await api('DELETE', `/api/boards/${board}/players/p1`, { token: ADMIN() })).status).toBe(204);
    await page.click('#audit-load');
    await page.waitForSelector('#audit tbody tr');
    expect(await page.textContent('#audit tbody tr')).toContain('player_deleted');
    await page.click('#periods-load');
    await page.waitForSelector('#periods tbody tr');
    expect(await page.textContent('#periods tbody tr th')).toBe('all');
    await page.click('#hooks-load');
    await page.waitForFunction(() => document.querySelector('#hooks-status')?.textContent?.includes('no webhook'));
    // The browser logs the 400 and the 409 asked for above; nothing else went wrong.
    expect(problems.filter((p) => !/status of (400|409)/.test(p))).toEqual([]);
    await page.close();
  });

  it('hides a player with a reason, shows it and its audit, and lifts it', async () => {
    const board = await boardWith({ cheater: 99, fair: 10 }, { name: 'Moderated' }, 'adm');
    const { page, problems } = await openConsole();
    await enterKey(page, ADMIN());
    await page.selectOption('#op-board', board);
    await page.fill('#mod-player', 'cheater');
    await page.selectOption('#mod-action', 'hide');
    await page.click('#mod-set');
    expect(await page.textContent('#mod-result')).toContain('a reason');
    expect(await page.getAttribute('#mod-reason', 'aria-invalid')).toBe('true');

    await page.fill('#mod-reason', 'impossible score');
    await page.click('#mod-set');
    await page.waitForFunction(() => document.querySelector('#mod-result')?.textContent?.startsWith('Set hide'));
    await page.waitForSelector('#mod-actions tbody tr');
    expect(await page.textContent('#mod-actions tbody tr')).toContain('impossible score');
    expect(await page.textContent('#mod-audit tbody tr')).toContain('set hide');
    expect((await api('GET', `/api/boards/${board}/players/cheater`)).status).toBe(404);

    await page.click('#mod-actions tbody tr button:text("Lift")');
    expect(await page.inputValue('#mod-player')).toBe('cheater');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('mod-reason');
    await page.fill('#mod-reason', 'appeal upheld');
    await page.click('#mod-lift');
    await page.waitForFunction(() => document.querySelector('#mod-result')?.textContent?.startsWith('Lifted hide'));
    await page.waitForFunction(() => document.querySelector('#mod-actions')?.hasAttribute('hidden'));
    const audit = await page.$$eval('#mod-audit tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(audit.filter((r) => r[1] === 'cheater').map((r) => [r[2], r[4]])).toEqual([['lift hide', 'appeal upheld'], ['set hide', 'impossible score']]);
    expect((await api('GET', `/api/boards/${board}/players/cheater`)).status).toBe(200);
    expect(problems).toEqual([]);
    await page.close();
  });
});
