/**
 * Tells a board's Durable Object that a write the edge forwarded was acknowledged (docs/live.md).
 *
 * The object answers a poke with how many watchers it has. A board nobody watched is not poked
 * again from this isolate for QUIET_MS: a write then costs no Durable Object request. A watcher
 * that connects meanwhile through this isolate ends the quiet at once; one that connects through
 * another isolate gets those writes with the object's next pull (LIVE_POLL_MS), at most QUIET_MS later.
 */
import type { LivePoke } from '../../core/index.ts';
import type { EdgeBindings } from '../env.ts';

/** How long a board whose object had no watchers goes without pokes from this isolate. */
export const QUIET_MS = 1000;

/** The header of the object's answer to a poke: its number of watchers. */
export const WATCHERS_HEADER = 'x-live-watchers';

/** Boards whose object had no watchers at the last poke, until when (ms since the epoch). */
const quiet = new Map<string, number>();

/** The board's object; null where the binding is absent (unit tests run the app without one). */
export function boardStream(env: EdgeBindings, board: string): DurableObjectStub | null {
  const ns = env.BOARD_STREAM;
  return ns ? ns.get(ns.idFromName(board)) : null;
}

/** A watcher connects to the board through this isolate: its writes poke the object again at once. */
export function boardWatched(board: string): void {
  quiet.delete(board);
}

/**
 * Pokes the board's object, if anyone watches: with the write's event (`poke`), which it applies
 * at once when it follows the last event it has, else it pulls the new events. Never throws.
 */
export async function publishWrite(env: EdgeBindings, board: string, requestId: string, poke: LivePoke | null = null, now = Date.now): Promise<void> {
  const until = quiet.get(board);
  if (until !== undefined && until > now()) return;
  try {
    const res = await boardStream(env, board)?.fetch(`https://live.internal/poke?board=${encodeURIComponent(board)}`, {
      method: 'POST',
      headers: { 'x-request-id': requestId, ...(poke ? { 'content-type': 'application/json' } : {}) },
      ...(poke ? { body: JSON.stringify(poke) } : {}),
    });
    if (res?.headers.get(WATCHERS_HEADER) === '0') {
      if (quiet.size >= 10_000) quiet.clear();
      quiet.set(board, now() + QUIET_MS);
    } else quiet.delete(board);
    await res?.body?.cancel();
  } catch {
    // Watchers still get the write with the object's next pull.
  }
}
