/** Seeds the read boards (10k, 100k and, in a full run, 1M players) and reports how long it took. */
import { createValkeyClient } from '../../origin/clients/valkey.ts';
import { loadConfig } from '../../origin/config.ts';
import { boardSpace } from '../../origin/projection/keys.ts';
import { createProjection } from '../../origin/projection/projection.ts';
import { readBoardId, type BenchContext } from '../context.ts';
import { createBoard, seedBoard } from '../seed.ts';

/** Seeds every read board, all boards at once (each board's writes are serialised by its row lock). */
export async function seedReadBoards(ctx: BenchContext): Promise<void> {
  const client = await createValkeyClient(loadConfig(ctx.stack.originEnv).valkey);
  try {
    const projection = createProjection(client);
    const started = performance.now();
    await Promise.all(
      ctx.sizes.boards.map(async (players) => {
        const id = readBoardId(players);
        const board = await createBoard(ctx.pool, { id });
        const ms = await seedBoard(ctx.pool, projection, board, players, {
          progress: (done) => ctx.progress(`  ${id}: ${done.toLocaleString('en-US')} / ${players.toLocaleString('en-US')} players`),
        });
        ctx.readBoards.set(players, { id, space: boardSpace(board) });
        ctx.info({ name: `seeding ${players.toLocaleString('en-US')} players (lb_submit_batch + projection apply)`, value: ms / 1000, unit: 's' });
      }),
    );
    const total = (performance.now() - started) / 1000;
    ctx.info({ name: 'seeding all read boards, in parallel', value: total, unit: 's' });
    ctx.progress('  VACUUM ANALYZE entries (for the Postgres-only baseline)');
    await ctx.pool.query('vacuum analyze public.entries');
  } finally {
    client.close();
  }
}
