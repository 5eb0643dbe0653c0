/** The submit form: a dev-only demo player token on a players board; a server-only board needs a key. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers.ts';
import { openApp } from './app-page.ts';
import { launchChromium, type Browser } from './chromium.ts';
import { boardWith } from './fixtures.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('submit form', () => {
  it('submits with a demo player token minted by the local edge, and the list shows it', async () => {
    const board = await boardWith({ alice: 10 }, { writers: 'players' });
    const { page, problems } = await openApp(browser.context, board);
    expect(await page.isVisible('#dev-notice')).toBe(true);
    expect(await page.textContent('#dev-notice')).toContain('Development only');

    const minted: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/dev/token')) minted.push(r.postData() ?? '');
    });
    await page.fill('#submit-player', 'demo-player');
    await page.fill('#submit-score', '9007199254740991');
    await page.click('#submit-form button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#submit-status')?.textContent?.startsWith('Saved'));
    expect(await page.textContent('#submit-status')).toBe('Saved: demo-player is #1 with 9,007,199,254,740,991.');
    expect(minted).toEqual([JSON.stringify({ playerId: 'demo-player' })]);

    const top = (await api('GET', `/api/boards/${board}/entries`)).body;
    expect(top.entries[0]).toMatchObject({ rank: 1, playerId: 'demo-player', score: Number.MAX_SAFE_INTEGER });
    await page.waitForSelector('#top tbody tr[data-player="demo-player"]', { timeout: 2000 });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('refuses bad input before sending, and explains a refusal from the API', async () => {
    const board = await boardWith({ alice: 10 });
    const { page } = await openApp(browser.context, board);
    expect(await page.textContent('#submit-hint')).toContain('Only game servers');
    await page.fill('#submit-player', 'bob');
    await page.fill('#submit-score', '9007199254740992');
    await page.click('#submit-form button[type=submit]');
    expect(await page.getAttribute('#submit-score', 'aria-invalid')).toBe('true');

    await page.fill('#submit-score', '5');
    await page.fill('#submit-token', 'not-a-key');
    await page.click('#submit-form button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#submit-status')?.textContent?.startsWith('Not saved'));
    expect(await page.getAttribute('#submit-status', 'class')).toBe('error');
    expect((await api('GET', `/api/boards/${board}/players/bob`)).status).toBe(404);
    await page.close();
  });
});
