/** Tells a board's Durable Object that a write the edge forwarded was acknowledged (docs/live.md). */
import type { LivePoke } from '../../core/index.ts';
import type { EdgeBindings } from '../env.ts';

/** The board's object; null where the binding is absent (unit tests run the app without one). */
export function boardStream(env: EdgeBindings, board: string): DurableObjectStub | null {
  const ns = env.BOARD_STREAM;
  return ns ? ns.get(ns.idFromName(board)) : null;
}

/**
 * Pokes the board's object, if anyone watches: with the write's event (`poke`), which it applies
 * at once when it follows the last event it has, else it pulls the new events. Never throws.
 */
export async function publishWrite(env: EdgeBindings, board: string, requestId: string, poke: LivePoke | null = null): Promise<void> {
  try {
    const res = await boardStream(env, board)?.fetch(`https://live.internal/poke?board=${encodeURIComponent(board)}`, {
      method: 'POST',
      headers: { 'x-request-id': requestId, ...(poke ? { 'content-type': 'application/json' } : {}) },
      ...(poke ? { body: JSON.stringify(poke) } : {}),
    });
    await res?.body?.cancel();
  } catch {
    // Watchers still get the write with the object's next pull.
  }
}
