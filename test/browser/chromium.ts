/**
 * Debian's Chromium driven by playwright-core (`npx playwright install` cannot download here).
 * Each launch gets a fresh --user-data-dir, removed on close.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { chromiumPath } from '../../dev/provision.ts';

/** Where Chromium is: $CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export const CHROMIUM_PATH = chromiumPath();

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Throws, saying how to install it, when Chromium is missing. Browser tests fail rather than skip. */
export function requireChromium(): void {
  if (existsSync(CHROMIUM_PATH)) return;
  throw new Error(
    `Chromium is missing at ${CHROMIUM_PATH}, so the browser tests cannot run.\n` +
      `  Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y chromium\n` +
      `  elsewhere: install Chromium or Chrome and set CHROMIUM_PATH to its executable.`,
  );
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches Chromium with a fresh profile; `close()` ends it and removes the profile. */
export async function launchChromium(o: { colorScheme?: 'light' | 'dark' } = {}): Promise<Browser> {
  requireChromium();
  const profile = mkdtempSync(join(tmpdir(), 'lb-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: FLAGS,
    headless: true,
    locale: 'en-US',
    timezoneId: 'UTC',
    viewport: { width: 1280, height: 900 },
    colorScheme: o.colorScheme ?? 'light',
    reducedMotion: 'reduce',
  });
  // Navigation and waits get 90 s, not Playwright's 30 s: every request of the tests crosses
  // wrangler dev's local proxy, which under a loaded machine has held a page's first requests
  // for more than 30 s (docs/live.md "Under load"; production has no such proxy). The tests'
  // own short timeouts, where a test asserts how soon something shows, are unchanged.
  context.setDefaultNavigationTimeout(90_000);
  context.setDefaultTimeout(90_000);
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
