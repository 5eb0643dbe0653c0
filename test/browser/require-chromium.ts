/** globalSetup of the browser project: fails at once, before the stack starts, when Chromium is missing. */
import { requireChromium } from './chromium.ts';

export function setup(): void {
  requireChromium();
}
