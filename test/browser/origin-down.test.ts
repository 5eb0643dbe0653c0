/**
 * An unavailable origin: the page keeps the data it has and says so. The edge's STALE answers and
 * 503s are produced here by intercepting the page's requests (the real edge's answers with the
 * X-Cache header changed, then a 503 envelope), since the shared test stack must keep its origin up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('origin unavailable', () => {
  it('keeps showing the stale data with a notice, and clears the notice when the origin is back', async () => {
    const board = await boardWith({ alice: 3, bob: 2 });
    // Without the live stream, so the top list polls the (intercepted) reads.
    const { page } = await openApp(browser.context, board, undefined, { noStream: true });
    const before = await rowsOf(page, 'top');
    expect(before).toHaveLength(2);
    expect(await page.isHidden('#notice')).toBe(true);

    let mode: 'stale' | 'down' = 'stale';
    await page.route(`**/api/boards/${board}/entries*`, async (route) => {
      if (mode === 'down') {
        return route.fulfill({ status: 503, contentType: 'application/json', headers: { 'retry-after': '2' }, body: JSON.stringify({ error: { code: 'unavailable', message: 'The origin did not answer' }, requestId: 'x' }) });
      }
      const res = await route.fetch();
      return route.fulfill({ response: res, headers: { ...res.headers(), 'x-cache': 'STALE', age: '600' } });
    });

    await page.waitForSelector('#notice:not([hidden])', { timeout: 6000 });
    expect(await page.textContent('#notice')).toContain('Showing saved data from 10 minutes ago');
    expect(await rowsOf(page, 'top')).toEqual(before);

    mode = 'down';
    await page.waitForFunction(() => document.querySelector('#notice')?.textContent?.includes('The origin did not answer'), undefined, { timeout: 6000 });
    expect(await rowsOf(page, 'top')).toEqual(before);
    expect(await page.getAttribute('#notice', 'role')).toBe('alert');

    await page.unroute(`**/api/boards/${board}/entries*`);
    await page.waitForSelector('#notice', { state: 'hidden', timeout: 4000 });
    expect(await rowsOf(page, 'top')).toEqual(before);
    await page.close();
  });
});
