/** The chaos scenarios' side of the control API (see global.ts), and the short/full switch. */
import type { SummaryRow } from './summary.ts';

/** npm test runs the chaos phase shortened: fewer writes, shorter loads. */
export const SHORT = process.env.LB_CHAOS === 'short';

/** `short` in the short form, `full` otherwise. */
export const pick = <T>(short: T, full: T): T => (SHORT ? short : full);

export interface StackInfo {
  mode: 'standalone' | 'cluster' | 'standalone-pg15';
  urls: { edge: string; emulator: string; gateway: string };
  valkeyEndpoint: string;
  valkeyCa: string;
  clusterPorts: number[];
  logs: string[];
  devVars: Record<string, string>;
}

/** Calls the control API; throws with its message when an action failed. */
export async function control<T = unknown>(method: 'GET' | 'POST', path: string, args?: Record<string, unknown>): Promise<T> {
  const base = process.env.LB_CHAOS_CONTROL;
  if (!base) throw new Error('LB_CHAOS_CONTROL is not set: run chaos tests through vitest\'s chaos project');
  const res = await fetch(base + path, { method, ...(args ? { body: JSON.stringify(args), headers: { 'content-type': 'application/json' } } : {}), signal: AbortSignal.timeout(300_000) });
  const out = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(`control ${method} ${path}: ${out.error ?? res.status}`);
  return out;
}

/**
 * Makes sure the stack runs with this Valkey mode and points test/helpers.ts at it
 * (the same LB_TEST_* variables the integration project sets).
 */
export async function useStack(mode: 'standalone' | 'cluster' = 'standalone', o: { postgres?: 'pg15' } = {}): Promise<StackInfo> {
  const info = await control<StackInfo>('POST', '/stack', { valkey: mode, ...o });
  process.env.LB_TEST_EDGE = info.urls.edge;
  process.env.LB_TEST_EMULATOR = info.urls.emulator;
  process.env.LB_TEST_GATEWAY = info.urls.gateway;
  process.env.LB_TEST_VALKEY_ENDPOINT = info.valkeyEndpoint;
  process.env.LB_TEST_VALKEY_CA = info.valkeyCa;
  for (const [k, v] of Object.entries(info.devVars)) process.env[`LB_TEST_VAR_${k}`] = v;
  return info;
}

/** Adds one row to the run's summary table. */
export const report = (row: SummaryRow) => control('POST', '/summary', row as unknown as Record<string, unknown>);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns true, or throws after `ms`. */
export async function waitFor(what: string, ms: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (err) {
      last = err;
    }
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
