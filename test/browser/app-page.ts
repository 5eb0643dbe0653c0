/** Opening the web app in a page, with what the browser complained about and which scripts it fetched. */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { edge } from '../helpers.ts';

export const ARTIFACTS = resolve(import.meta.dirname, '../artifacts');

export interface AppPage {
  page: Page;
  /** Console errors, uncaught exceptions and CSP violations seen so far. */
  problems: string[];
  /** Bodies of the scripts the page fetched. */
  scripts: Promise<Buffer>[];
  /** The Content-Security-Policy the document came with. */
  csp: string | undefined;
}

/** Opens the app on `board` and waits until its top list has loaded (rows or the empty state). */
export async function openApp(context: BrowserContext, board: string, viewport = { width: 1280, height: 900 }, o: OpenOptions = {}): Promise<AppPage> {
  const app = await openPage(context, `/?board=${encodeURIComponent(board)}`, viewport, o);
  await app.page.waitForFunction(() => document.querySelector('#top')?.getAttribute('aria-busy') === null && document.querySelector('#top-status')?.textContent !== 'Loading…');
  return app;
}

/** Opens any page of the edge (`path` like `/admin`), recording problems and scripts; waits for the load event only. */
export interface OpenOptions {
  /** Refuse the live streams (docs/live.md), so the page falls back to polling. */
  noStream?: boolean;
}

export async function openPage(context: BrowserContext, path: string, viewport = { width: 1280, height: 900 }, o: OpenOptions = {}): Promise<AppPage> {
  const page = await context.newPage();
  if (o.noStream) await page.route('**/api/boards/*/stream*', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'unavailable', message: 'No live updates here' }, requestId: 'x' }) }));
  await page.setViewportSize(viewport);
  const problems: string[] = [];
  const scripts: Promise<Buffer>[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script' && r.status() < 300) scripts.push(r.body());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  // The requests still open, so a navigation that never reaches its load event says what it waited for.
  const open = new Map<Request, number>();
  page.on('request', (r) => open.set(r, Date.now()));
  page.on('requestfinished', (r) => open.delete(r));
  page.on('requestfailed', (r) => open.delete(r));
  const res = await page.goto(`${edge()}${path}`).catch((err: unknown) => {
    const waiting = [...open].map(([r, at]) => `${r.method()} ${r.url()} (${r.resourceType()}, ${Date.now() - at} ms)`);
    throw new Error(`${path} did not load: ${String(err)}; requests still open: ${waiting.join(', ') || 'none'}`);
  });
  if (!res?.ok()) throw new Error(`${path} did not load: ${res?.status()}`);
  return { page, problems, scripts, csp: res.headers()['content-security-policy'] };
}

/** The visible rows of a table: [rank, player, score] as the page shows them (the player's name, without the id under it). */
export const rowsOf = (page: Page, table: string): Promise<string[][]> =>
  page.$$eval(`#${table} tbody tr`, (trs) => trs.map((tr) => ['.rank-n', '.player .name', '.score'].map((s) => tr.querySelector(s)?.textContent ?? '')));

/** The movement shown under each rank, by player: "▲2", "▼1", "new" or "". */
export const movesOf = (page: Page, table: string): Promise<Record<string, string>> =>
  page.$$eval(`#${table} tbody tr`, (trs) => Object.fromEntries(trs.map((tr) => [tr.getAttribute('data-player') ?? '', tr.querySelector('.move [aria-hidden]')?.textContent ?? ''])));

/** Saves a full-page screenshot under test/artifacts/. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** What en-US readers see for an integer (the browser runs with locale en-US). */
export const enUS = (n: number): string => new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(n);
