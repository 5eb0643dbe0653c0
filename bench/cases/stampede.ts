/** Case 5: 1000 concurrent GETs of a key the edge has never cached reach the origin at most twice. */
import type { BenchContext } from '../context.ts';
import { runLoad } from '../load.ts';

const REQUESTS = 1000;

/** Runs the stampede case, counting origin invocations at the emulator. */
export async function stampede(ctx: BenchContext): Promise<void> {
  const board = ctx.readBoards.get(ctx.sizes.boards[0]!)!.id;
  const path = `/api/boards/${board}/players/p7/around?radius=9`;
  const emulator = ctx.stack.urls.emulator;
  const reset = await fetch(`${emulator}/__emulator/reset`, { method: 'POST' });
  if (!reset.ok) throw new Error(`could not reset the emulator stats: ${reset.status}`);
  const load = await runLoad('cold-key stampede', { url: `${ctx.stack.urls.edge}${path}`, connections: REQUESTS, amount: REQUESTS, timeout: 30 }, ctx.progress);
  const stats = (await (await fetch(`${emulator}/__emulator/stats`)).json()) as { invocations: number; byPath: Record<string, number> };
  ctx.result({
    name: `stampede: origin calls for ${REQUESTS} concurrent GETs of a cold key`,
    value: stats.invocations,
    unit: 'calls',
    baseline: null,
    target: { on: 'value', op: '<=', limit: 2 },
  });
  ctx.result({
    name: 'stampede: requests answered 2xx',
    value: load.total - load.non2xx,
    unit: 'requests',
    baseline: null,
    target: { on: 'value', op: '>=', limit: REQUESTS },
    note: `${load.connectionErrors} connection errors, ${load.timeouts} timeouts (30 s) and ${load.non2xx} non-2xx answers among ${REQUESTS} requests opened at once against wrangler dev`,
  });
}
