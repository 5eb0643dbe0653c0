/** The looked-up player's charts in Chromium: the score distribution with their place marked, and their score or rank history. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Histogram, PlayerHistory } from '../../core/index.ts';
import { api, submit, task } from '../helpers.ts';
import { openApp } from './app-page.ts';
import { axeViolations } from './axe.ts';
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

async function lookUp(page: Page, player: string): Promise<void> {
  await page.fill('#search-id', player);
  await page.click('#search-form button');
  await page.waitForSelector('#player-charts[data-ready]');
}

/** What the charts show: bars (and which is marked), the marker, the sparkline's points, captions and the hidden tables' rows. */
const chartsOf = (page: Page) =>
  page.evaluate(() => {
    const q = (s: string) => document.querySelector(s);
    const rows = (s: string) => [...document.querySelectorAll(`${s} table tbody tr`)].map((tr) => [...tr.children].map((c) => c.textContent));
    return {
      bars: document.querySelectorAll('#distribution rect.bar').length,
      marked: [...document.querySelectorAll('#distribution rect.bar')].findIndex((r) => r.classList.contains('mine')),
      markers: document.querySelectorAll('#distribution line.marker').length,
      distribution: q('#distribution figcaption')?.textContent ?? '',
      distributionRows: rows('#distribution'),
      line: q('#score-history polyline')?.getAttribute('points')?.split(' ').length ?? 0,
      history: q('#score-history figcaption')?.textContent ?? '',
      historyRows: rows('#score-history'),
      svgHidden: [...document.querySelectorAll('#player-charts svg')].every((s) => s.getAttribute('aria-hidden') === 'true'),
    };
  });

describe('player charts', () => {
  it('draw the distribution with the player marked and their score history, with text alternatives, and follow new scores', async () => {
    const scores = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`p${i}`, (i + 1) * 10]));
    const board = await boardWith(scores);
    for (const s of [120, 150, 170]) expect((await submit(board, 'p4', s)).status).toBe(200);
    const hist = (await api<Histogram>('GET', `/api/boards/${board}/histogram?buckets=20`)).body;
    const mine = hist.buckets.findIndex((b) => b.from <= 170 && 170 <= b.to);

    const { page, problems } = await openApp(browser.context, board, { width: 360, height: 740 });
    expect(await page.isHidden('#player-charts')).toBe(true);
    await lookUp(page, 'p4');
    const shown = await chartsOf(page);
    expect(shown).toMatchObject({ bars: hist.buckets.length, marked: mine, markers: 1, line: 4, svgHidden: true });
    // p4 ties p16 on 170 and reached it later: 15th of 30.
    expect(shown.distribution).toBe('Score distribution. p4 has 170 points, at or above 53.33% of the 30 players; the line and the highlighted bar mark their place.');
    expect(shown.distributionRows).toHaveLength(hist.buckets.length);
    expect(shown.distributionRows.filter(([range]) => range?.includes('(p4 is here)'))).toEqual([[`${hist.buckets[mine]!.from} to ${hist.buckets[mine]!.to} (p4 is here)`, String(hist.buckets[mine]!.count)]]);
    expect(shown.history).toMatch(/^Score history\. p4's score over 4 changes this period: from 50 on .+ to 170 on .+\. Higher is better; the line rises as the score improves\.$/);
    expect(shown.historyRows.map(([, score]) => score)).toEqual(['50', '120', '150', '170']);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await axeViolations(page), scheme).toEqual([]);
    }
    // The bars' and the line's colours come from the theme, so they change with the scheme.
    const fills = async () => page.$eval('#distribution rect.mine', (r) => getComputedStyle(r).fill);
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await fills();
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await fills()).not.toBe(light);

    // A new score: the standing changes, and both charts are drawn again.
    expect((await submit(board, 'p4', 1000)).status).toBe(200);
    await page.waitForFunction(() => document.querySelectorAll('#score-history tbody tr').length === 5, undefined, { timeout: 5000 });
    const after = await chartsOf(page);
    expect(after.line).toBe(5);
    expect(after.marked).toBe(after.bars - 1);
    expect(after.distribution).toContain('at or above 100% of the 30 players');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('draw the rank history once the rollover recorded the ranks, with the ranks in the text alternative', async () => {
    const board = await boardWith({ a: 30, b: 20, c: 10 });
    // c: 3rd after the batch, 2nd with 25, 1st with 40.
    expect((await submit(board, 'c', 25)).status).toBe(200);
    expect((await submit(board, 'c', 40)).status).toBe(200);
    const run = await task('rollover');
    expect(run.ok).toBe(true);
    const history = (await api<PlayerHistory>('GET', `/api/boards/${board}/players/c/history`)).body;
    expect(history.points.map((p) => p.rank)).toEqual([1, 2, 3]);

    const { page, problems } = await openApp(browser.context, board, { width: 1440, height: 900 });
    await lookUp(page, 'c');
    const shown = await chartsOf(page);
    expect(await page.getAttribute('#score-history', 'data-shows')).toBe('rank');
    expect(shown.line).toBe(3);
    expect(shown.history).toMatch(/^Rank history\. c's rank over 3 changes this period: from #3 on .+ to #1 on .+\. The line rises as the rank improves; each rank is the place right after that change\.$/);
    expect(shown.historyRows.map(([, score, rank]) => [score, rank])).toEqual([['10', '#3'], ['25', '#2'], ['40', '#1']]);
    // Rank 1 is drawn highest (smallest y).
    const ys = await page.$eval('#score-history polyline', (l) => (l.getAttribute('points') ?? '').split(' ').map((p) => Number(p.split(',')[1])));
    expect(ys[2]!).toBeLessThan(ys[0]!);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await axeViolations(page), scheme).toEqual([]);
    }
    expect(problems).toEqual([]);
    await page.close();
  });

  it('say which way is better on an ascending board, and give one score in words without a line', async () => {
    const board = await boardWith({ fast: 61_000, slow: 95_000 }, { sort: 'asc', scoreFormat: 'duration_ms' });
    expect((await submit(board, 'fast', 58_250)).status).toBe(200);
    const history = (await api<PlayerHistory>('GET', `/api/boards/${board}/players/fast/history`)).body;
    expect(history.points.map((p) => p.score)).toEqual([58_250, 61_000]);

    const { page, problems } = await openApp(browser.context, board, { width: 1440, height: 900 });
    await lookUp(page, 'fast');
    const fast = await chartsOf(page);
    expect(fast.history).toContain('from 1:01.000 on');
    expect(fast.history).toContain('Lower is better; the line rises as the score improves.');
    // Oldest (slower) on the left, lower; the faster time is higher up (smaller y).
    const ys = await page.$eval('#score-history polyline', (l) => (l.getAttribute('points') ?? '').split(' ').map((p) => Number(p.split(',')[1])));
    expect(ys[1]!).toBeLessThan(ys[0]!);

    await lookUp(page, 'slow');
    const slow = await chartsOf(page);
    expect(slow.line).toBe(0);
    expect(slow.history).toMatch(/^Score history\. slow's score is on record once this period: 1:35\.000 on .+\.$/);
    expect(slow.historyRows).toHaveLength(1);
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
