/**
 * Seeds the read boards and reports how long it took. The 10k board goes through `lb_submit_batch`
 * and the projection's `apply`; larger boards through a set-based insert of the same rows and the
 * origin's `rebuildPeriod` (see seed.ts for why).
 */
import { closeValkey } from '../../origin/clients/valkey.ts';
import { loadConfig } from '../../origin/config.ts';
import { createDeps } from '../../origin/deps.ts';
import { boardSpace } from '../../origin/projection/keys.ts';
import { readBoardId, type BenchContext } from '../context.ts';
import { createBoard, seedBoard, seedBoardBulk } from '../seed.ts';

/** Boards up to this size are seeded through lb_submit_batch. */
export const SUBMIT_BATCH_UP_TO = 10_000;

const fmt = (n: number) => n.toLocaleString('en-US');

/** Seeds the read boards of these sizes (all by default), all at once (each board's writes are serialised by its row lock). */
export async function seedReadBoards(ctx: BenchContext, sizes: readonly number[] = ctx.sizes.boards): Promise<void> {
  const config = loadConfig(ctx.stack.originEnv);
  const deps = createDeps({ ...config, supabaseTimeoutMs: 60_000 }, { log: () => undefined, now: () => new Date() });
  try {
    const projection = await deps.projection();
    const started = performance.now();
    await Promise.all(
      sizes.map(async (players) => {
        const id = readBoardId(players);
        const board = await createBoard(ctx.pool, { id });
        const progress = (done: number) => ctx.progress(`  ${id}: ${fmt(done)} / ${fmt(players)} players`);
        if (players <= SUBMIT_BATCH_UP_TO) {
          const ms = await seedBoard(ctx.pool, projection, board, players, { progress });
          ctx.info({ name: `seeding ${fmt(players)} players`, value: ms / 1000, unit: 's', note: 'lb_submit_batch by 100, projection apply' });
        } else {
          ctx.progress(`  ${id}: inserting ${fmt(players)} players into Postgres`);
          const t = await seedBoardBulk(ctx.pool, deps, projection, board, players, { progress: (done) => ctx.progress(`  ${id}: projection rebuilt for ${fmt(done)} / ${fmt(players)} players`) });
          ctx.info({ name: `seeding ${fmt(players)} players: Postgres`, value: t.recordMs / 1000, unit: 's', note: 'one set-based insert of the rows lb_submit_batch writes' });
          ctx.info({ name: `seeding ${fmt(players)} players: Valkey`, value: t.projectionMs / 1000, unit: 's', note: "the origin's rebuildPeriod, through the gateway" });
        }
        ctx.readBoards.set(players, { id, incarnation: board.incarnation, space: boardSpace(board) });
      }),
    );
    ctx.info({ name: 'seeding all read boards, in parallel', value: (performance.now() - started) / 1000, unit: 's' });
    ctx.progress('  VACUUM ANALYZE (for the Postgres-only baseline)');
    await ctx.pool.query('vacuum analyze public.entries');
    await ctx.pool.query('vacuum analyze public.boards');
  } finally {
    await closeValkey();
  }
}
