/** Tells a board's Durable Object that a write the edge forwarded was acknowledged (docs/live.md). */
import type { EdgeBindings } from '../env.ts';

/** The board's object; null where the binding is absent (unit tests run the app without one). */
export function boardStream(env: EdgeBindings, board: string): DurableObjectStub | null {
  const ns = env.BOARD_STREAM;
  return ns ? ns.get(ns.idFromName(board)) : null;
}

/** Pokes the board's object, which pulls the new events at once if anyone watches. Never throws. */
export async function publishWrite(env: EdgeBindings, board: string, requestId: string): Promise<void> {
  try {
    const res = await boardStream(env, board)?.fetch(`https://live.internal/poke?board=${encodeURIComponent(board)}`, { method: 'POST', headers: { 'x-request-id': requestId } });
    await res?.body?.cancel();
  } catch {
    // Watchers still get the write with the object's next pull.
  }
}
