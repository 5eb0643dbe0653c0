/** Live updates in real Chromium (docs/live.md): rank changes arrive by the stream, not by polling. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submit } from '../helpers.ts';
import { openApp, rowsOf } from './app-page.ts';
import { launchChromium, type Browser } from './chromium.ts';
import { boardWith } from './fixtures.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

// The waits are generous: on a loaded machine the stream can take seconds to open; nothing here is a timing claim.
describe('live updates', () => {
  it('moves a rank on screen from the stream, without polling the top list', async () => {
    const board = await boardWith({ alice: 50, bob: 40 });
    const { page, problems } = await openApp(browser.context, board);
    await page.waitForSelector('#live-status[data-live="true"]', { timeout: 30_000 });
    expect(await page.textContent('#live-status')).toContain('Live');
    await page.evaluate(() => ((window as any).sameDocument = true));
    const reads: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes(`/api/boards/${board}/entries`)) reads.push(r.url());
    });

    expect((await submit(board, 'bob', 60)).status).toBe(200);
    await page.waitForFunction(() => document.querySelector('#top tbody tr')?.getAttribute('data-player') === 'bob', undefined, { timeout: 30_000 });
    expect(await rowsOf(page, 'top')).toEqual([['1', 'bob', '60'], ['2', 'alice', '50']]);
    expect(await page.textContent('#top-status')).toContain('bob is now #1 with 60');
    // Two more seconds: the top list is still not polled while its stream is up.
    await page.waitForTimeout(2000);
    expect(reads).toEqual([]);
    expect(await page.evaluate(() => (window as any).sameDocument)).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('tells the looked-up player who overtook them', async () => {
    const board = await boardWith({ alice: 50, bob: 40, carol: 30 });
    const { page, problems } = await openApp(browser.context, board);
    await page.fill('#search-id', 'alice');
    await page.click('#search-form button[type="submit"]');
    await page.waitForSelector('#overtaken[data-live="true"]', { state: 'attached', timeout: 30_000 });
    expect(await page.isHidden('#overtaken')).toBe(true);
    expect((await submit(board, 'carol', 70, { metadata: { displayName: 'Caz' } })).status).toBe(200);
    await page.waitForSelector('#overtaken:not([hidden])', { timeout: 30_000 });
    expect(await page.textContent('#overtaken')).toBe('alice was overtaken by Caz and is now #2.');
    expect(problems).toEqual([]);
    await page.close();
  });
});
