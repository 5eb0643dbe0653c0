/**
 * Snapshot walks (docs/paging.md): what pinning a walk costs on the largest board (1,000,000
 * players in the full run), measured through the origin's own snapshot scripts on a GLIDE client:
 * - time per new snapshot of the top K, against the same snapshot of a 10,000-player board
 *   (the cost must not grow with the board);
 * - memory per snapshot (MEMORY USAGE of its list, exact);
 * - a later page read from a snapshot, against a live keyset page of the same size;
 * - how many walkers share one snapshot when walks start steadily while the board is written.
 */
import { GlideClusterClient } from '@valkey/valkey-glide';
import { encodeRankKey } from '../../core/rank-key.ts';
import { createValkeyClient, type ValkeyClient } from '../../origin/clients/valkey.ts';
import { loadConfig } from '../../origin/config.ts';
import { createProjection } from '../../origin/projection/projection.ts';
import { periodKeys } from '../../origin/projection/keys.ts';
import { snapshotKeys } from '../../origin/projection/snapshot.ts';
import type { BenchContext } from '../context.ts';
import { summarize } from '../stats.ts';

const fmt = (n: number) => n.toLocaleString('en-US');

/** Exact bytes of one key (on the primary of its slot in a cluster). */
async function memoryUsage(client: ValkeyClient, key: string): Promise<number> {
  const cmd = ['MEMORY', 'USAGE', key, 'SAMPLES', '0'];
  return Number(client instanceof GlideClusterClient ? await client.customCommand(cmd, { route: { type: 'primarySlotKey', key } }) : await client.customCommand(cmd));
}

/** Runs the snapshot case on the smallest and the largest read boards. */
export async function snapshots(ctx: BenchContext): Promise<void> {
  const config = loadConfig(ctx.stack.originEnv);
  const { topK, ttlSeconds } = config.snapshot;
  const client = await createValkeyClient(config.valkey);
  try {
    const projection = createProjection(client);
    // The read boards are desc boards of one period, 'all' (seed.ts); each is named here by its key space.
    const spaces = new Map([...ctx.readBoards.values()].map((b) => [b.space, b]));
    const allOf = (space: string) => projection.period({ ...spaces.get(space)!, sort: 'desc' }, 'all');
    const small = ctx.sizes.boards[0]!;
    const large = ctx.sizes.boards.at(-1)!;
    const samples = ctx.quick ? 10 : 30;
    const newSnapshot = async (space: string) => {
      // Forget the newest snapshot, so the next first page takes a new one.
      await client.del([snapshotKeys(space, 'all', 'none').current]);
      const t = performance.now();
      const page = await allOf(space).snapshots.firstPage(10, { topK, ttlMs: ttlSeconds * 1000, shareMs: 0, minVersion: 0 });
      const ms = performance.now() - t;
      if (!page || page.kind !== 'snapshot') throw new Error(`no snapshot was taken on ${space}`);
      return { ms, id: page.snapshot.id, size: page.snapshot.size };
    };

    const timeFor = async (players: number) => {
      const { space } = ctx.readBoards.get(players)!;
      ctx.progress(`  ${fmt(samples)} new snapshots of the top ${fmt(topK)} on ${fmt(players)} players`);
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < samples; i++) {
        const s = await newSnapshot(space);
        times.push(s.ms);
        const key = snapshotKeys(space, 'all', s.id).snapshot;
        if (i === 0) bytes = await memoryUsage(client, key);
        await client.del([key]);
      }
      return { space, time: summarize(times), bytes };
    };
    const smallRun = await timeFor(small);
    const largeRun = await timeFor(large);
    ctx.result({
      name: `snapshot of the top ${fmt(topK)}: p50 time, ${fmt(large)} vs ${fmt(small)} players`,
      value: largeRun.time.p50,
      unit: 'ms',
      baseline: smallRun.time.p50,
      baselineIs: `${fmt(small)} players`,
      target: { on: 'ratio', op: '<=', limit: 1.5 },
      note: 'one Lua script: ZRANGE of the top K, HMGET of their entries in 500s, RPUSH into one list in the period hash slot; it blocks Valkey while it runs',
    });
    ctx.result({
      name: `snapshot of the top ${fmt(topK)} on ${fmt(large)} players: p50 time`,
      value: largeRun.time.p50,
      unit: 'ms',
      baseline: null,
      target: { on: 'value', op: '<=', limit: 50 },
    });
    ctx.info({ name: `snapshot of the top ${fmt(topK)} on ${fmt(large)} players: p99 time`, value: largeRun.time.p99, unit: 'ms' });
    ctx.result({
      name: `snapshot of the top ${fmt(topK)}: Valkey memory per snapshot`,
      value: largeRun.bytes / (1024 * 1024),
      unit: 'MiB',
      baseline: null,
      target: { on: 'value', op: '<=', limit: 4 },
      note: `MEMORY USAGE … SAMPLES 0 of one snapshot list (${fmt(Math.round(largeRun.bytes / topK))} bytes per entry); at most ttl/share+1 = ${Math.ceil((ttlSeconds * 1000) / Math.max(1, config.snapshot.shareMs)) + 1} live per constantly written board period`,
    });

    // A later page of a walk: from the snapshot, vs a live keyset page of the same size.
    const kept = await newSnapshot(largeRun.space);
    const pageTimes: number[] = [];
    const liveTimes: number[] = [];
    const rounds = ctx.quick ? 200 : 1000;
    const largeAll = allOf(largeRun.space);
    const first = await largeAll.top(null, 100);
    const middle = await largeAll.snapshots.nextPage(kept.id, 4900, 1);
    if (!first || !middle) throw new Error('no page to compare');
    const after = encodeRankKey('desc', middle.entries[0]!);
    for (let i = 0; i < rounds; i++) {
      let t = performance.now();
      await largeAll.snapshots.nextPage(kept.id, 5000, 100);
      pageTimes.push(performance.now() - t);
      t = performance.now();
      await largeAll.top(after, 100);
      liveTimes.push(performance.now() - t);
    }
    ctx.result({
      name: `later page of 100 at rank 5,001: from the snapshot vs live keyset, ${fmt(large)} players`,
      value: summarize(pageTimes).p50,
      unit: 'ms',
      baseline: summarize(liveTimes).p50,
      baselineIs: 'live keyset page (TOP script)',
      target: { on: 'ratio', op: '<=', limit: 1.5 },
    });
    await client.del([snapshotKeys(largeRun.space, 'all', kept.id).snapshot]);

    // Sharing: walks start every 10 ms for 3 s while the version moves every 100 ms (10 writes a second).
    const walks = ctx.quick ? 150 : 300;
    const ids = new Set<string>();
    const started = performance.now();
    const pending: Promise<void>[] = [];
    // A write applied every 100 ms moves the period's version, as the write path's APPLY does.
    const writes = setInterval(() => void client.hincrBy(periodKeys(largeRun.space, 'all').meta, 'ver', 1), 100);
    for (let i = 0; i < walks; i++) {
      const at = started + i * 10;
      await new Promise((r) => setTimeout(r, Math.max(0, at - performance.now())));
      pending.push(
        largeAll.snapshots
          .firstPage(10, { topK, ttlMs: ttlSeconds * 1000, shareMs: config.snapshot.shareMs, minVersion: 0 })
          .then((p) => {
            if (p?.kind === 'snapshot') ids.add(p.snapshot.id);
          }),
      );
    }
    await Promise.all(pending);
    clearInterval(writes);
    ctx.info({
      name: `walkers per snapshot: ${fmt(walks)} walks over ${((walks * 10) / 1000).toFixed(0)} s, 10 writes/s, sharing window ${fmt(config.snapshot.shareMs)} ms`,
      value: walks / Math.max(1, ids.size),
      unit: 'walkers',
      note: `${ids.size} snapshots taken`,
    });
    for (const id of ids) await client.del([snapshotKeys(largeRun.space, 'all', id).snapshot]);
  } finally {
    client.close();
  }
}
