/**
 * The origin's services in the test process, wired to the test stack's Valkey and Supabase
 * gateway, with a clock the test controls. For what the HTTP path can't do: a fixed clock.
 */
import { closeValkey } from '../origin/clients/valkey.ts';
import { loadConfig } from '../origin/config.ts';
import { createDeps } from '../origin/deps.ts';
import type { Deps } from '../origin/leaderboard/deps.ts';

/** A clock the test moves; reads and writes both use it. */
export function fixedClock(start: string | Date) {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    set: (at: string | Date) => {
      now = new Date(at);
    },
  };
}

export function originDeps(now: () => Date, overrides: Record<string, string> = {}): Deps {
  const env = JSON.parse(process.env.LB_TEST_ORIGIN_ENV ?? 'null') as Record<string, string> | null;
  if (!env) throw new Error('LB_TEST_ORIGIN_ENV is not set: run through the integration project');
  return createDeps(loadConfig({ ...env, ...overrides }), { log: () => undefined, now, writeClock: now });
}

export { closeValkey };
