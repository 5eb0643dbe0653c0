/**
 * The record's write path on real PostgreSQL 15, which runs transactions concurrently (PGlite
 * runs one query at a time and could not show a lock): writes to one board do not wait for each
 * other, the writes of one entry are numbered in commit order, the log replays to the entries,
 * unchanged writes are counted and not logged, idempotency holds under concurrency, and
 * concurrent batches do not deadlock.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../dev/postgres/migrate.ts';
import { openPostgres } from '../../dev/postgres/node-postgres.ts';
import { startPostgres15, type Postgres15 } from '../../dev/postgres/pg15.ts';
import type { SubmitOutcome } from './types.ts';

const MIGRATIONS = fileURLToPath(new URL('../../supabase/migrations', import.meta.url));
/** A port nothing listens on now: this file runs its own server, beside pg15.test.ts's. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

let dataDir: string;
let server: Postgres15 | undefined;
let pool: pg.Pool | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pg15-write-'));
  server = await startPostgres15({ dataDir, port: await freePort() });
  const sql = await openPostgres(server.url, { max: 1 });
  await applyMigrations(sql, MIGRATIONS);
  await sql.close();
  pool = new pg.Pool({ connectionString: server.url, max: 40 });
  pool.on('error', () => {});
}, 60_000);

afterAll(async () => {
  await pool?.end();
  await server?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const db = () => pool as pg.Pool;

async function board(id: string, operator: string, sort = 'desc'): Promise<void> {
  await db().query(`select public.lb_board_upsert($1, $1, $2, $3, 'never', 'server')`, [id, sort, operator]);
}

async function submit(q: pg.Pool | pg.PoolClient, b: string, player: string, score: number, key: string | null = null): Promise<SubmitOutcome> {
  const { rows } = await q.query<{ r: SubmitOutcome }>(`select public.lb_submit($1, $2, $3, null, $4, 'server:t') as r`, [b, player, score, key]);
  return rows[0]!.r;
}

interface LogRow {
  seq: string;
  player_id: string;
  score: string;
  result_score: string;
}

const rule = (op: string, sort: string, old: number | undefined, s: number): number => {
  if (old === undefined) return op === 'decrement' ? -s : s;
  if (op === 'best') return sort === 'desc' ? Math.max(old, s) : Math.min(old, s);
  if (op === 'latest') return s;
  return op === 'increment' ? old + s : old - s;
};

describe('the write path on PostgreSQL 15', () => {
  it('does not hold writes of one board behind an open transaction on another entry', async () => {
    await board('open-tx', 'latest');
    const a = await db().connect();
    const b = await db().connect();
    try {
      await a.query('begin');
      const first = await submit(a, 'open-tx', 'alice', 10);
      // Under the old board-row lock this waited for `a` to commit; now it answers at once.
      await b.query(`set statement_timeout = '3s'`);
      const other = await submit(b, 'open-tx', 'bob', 20);
      expect(other.updated).toBe(true);
      // The same entry does wait (its row is locked), and then gets the higher number.
      const same = submit(b, 'open-tx', 'alice', 30);
      await new Promise((r) => setTimeout(r, 200));
      await a.query('commit');
      const after = await same;
      expect(after.entry.seq).toBeGreaterThan(first.entry.seq);
      expect(after.previous?.score).toBe(10);
    } finally {
      a.release();
      b.release();
    }
  });

  it('numbers the writes of each entry in commit order under 32 concurrent writers on one board', async () => {
    for (const [op, sort] of [['best', 'desc'], ['latest', 'asc'], ['increment', 'desc'], ['decrement', 'asc']] as const) {
      const id = `hot-${op}`;
      await board(id, op, sort);
      const players = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
      const acks: SubmitOutcome[] = [];
      let next = 0;
      const total = 600;
      await Promise.all(
        Array.from({ length: 32 }, async () => {
          for (let i = next++; i < total; i = next++) {
            const score = op === 'best' || op === 'latest' ? (i * 7919) % 1000 : 1 + (i % 7);
            acks.push(await submit(db(), id, players[(i * 5 + (i >> 2)) % players.length]!, score));
          }
        }),
      );
      const { rows: log } = await db().query<LogRow>(`select seq, player_id, score, result_score from public.submissions where board_id = $1 order by seq`, [id]);
      // Only writes that changed an entry are logged; the others are counted.
      const changed = acks.filter((a) => a.updated);
      expect(log.length).toBe(changed.length);
      const { rows: stats } = await db().query<{ s: { logged: number; unchanged: number } }>(`select public.lb_write_stats($1) as s`, [id]);
      expect(stats[0]!.s).toEqual({ logged: changed.length, unchanged: total - changed.length });
      if (op !== 'best') expect(changed.length).toBe(total - acks.filter((a) => a.previous?.score === a.entry.score).length);

      // Replaying the log in sequence order, entry by entry, gives every logged result and the final entries.
      const state = new Map<string, number>();
      for (const row of log) {
        const want = rule(op, sort, state.get(row.player_id), Number(row.score));
        expect({ seq: row.seq, result: Number(row.result_score) }).toEqual({ seq: row.seq, result: want });
        state.set(row.player_id, want);
      }
      const { rows: entries } = await db().query<{ player_id: string; score: string; seq: string }>(`select player_id, score, seq from public.entries where board_id = $1`, [id]);
      expect(Object.fromEntries(entries.map((e) => [e.player_id, Number(e.score)]))).toEqual(Object.fromEntries(state));
      // Each entry's seq is its last log row's.
      const lastSeq = new Map(log.map((r) => [r.player_id, r.seq]));
      for (const e of entries) expect(e.seq).toBe(lastSeq.get(e.player_id));
      // Every acknowledgement's `previous` is the state its number followed.
      for (const a of changed) {
        const before = log.filter((r) => r.player_id === a.entry.playerId && Number(r.seq) < a.seq).at(-1);
        expect(a.previous?.score).toBe(before ? Number(before.result_score) : undefined);
      }
    }
  });

  it('keeps one result per idempotency key when 16 requests race with it', async () => {
    await board('idem', 'increment');
    const outs = await Promise.all(Array.from({ length: 16 }, () => submit(db(), 'idem', 'alice', 5, 'key-1')));
    expect(outs.filter((o) => !o.replayed)).toHaveLength(1);
    expect(new Set(outs.map((o) => o.entry.score))).toEqual(new Set([5]));
    const { rows } = await db().query(`select 1 from public.submissions where board_id = 'idem'`);
    expect(rows).toHaveLength(1);
  });

  it('runs concurrent batches over the same players in opposite orders without a deadlock', async () => {
    await board('batches', 'increment');
    const players = Array.from({ length: 20 }, (_, i) => `b${String(i).padStart(2, '0')}`);
    const runs = Array.from({ length: 12 }, (_, i) => {
      const order = i % 2 ? [...players].reverse() : players;
      return db().query(`select public.lb_submit_batch('batches', $1::jsonb) as r`, [JSON.stringify(order.map((p) => ({ playerId: p, score: 1 })))]);
    });
    const results = await Promise.all(runs);
    // Results come back in input order.
    const first = (results[1]!.rows[0] as { r: { results: SubmitOutcome[] } }).r.results;
    expect(first.map((r) => r.entry.playerId)).toEqual([...players].reverse());
    const { rows } = await db().query<{ score: string }>(`select score from public.entries where board_id = 'batches'`);
    expect(rows.map((r) => Number(r.score))).toEqual(players.map(() => 12));
  });

  it('deletes a board with its log and counters, also when a write to it commits meanwhile', async () => {
    await board('gone', 'latest');
    await submit(db(), 'gone', 'alice', 1);
    const a = await db().connect();
    try {
      await a.query('begin');
      await submit(a, 'gone', 'alice', 2);
      await submit(a, 'gone', 'alice', 2); // unchanged: counted
      const deleting = db().query(`select public.lb_board_delete('gone')`);
      await new Promise((r) => setTimeout(r, 200));
      await a.query('commit');
      await deleting;
    } finally {
      a.release();
    }
    for (const table of ['entries', 'submissions', 'lb_unchanged']) {
      const { rows } = await db().query(`select count(*)::int as n from public.${table} where board_id = 'gone'`);
      expect({ table, n: rows[0].n }).toEqual({ table, n: 0 });
    }
  });

  it('deletes a board while a first write to it is open, leaving no entry behind', async () => {
    await board('gone-new', 'latest');
    const a = await db().connect();
    try {
      await a.query('begin');
      await submit(a, 'gone-new', 'newcomer', 1); // a new entry: holds the board's shared lock
      await submit(a, 'gone-new', 'newcomer', 1, 'key-gone'); // unchanged, but its answer is stored under the key
      let deleted = false;
      const deleting = db()
        .query(`select public.lb_board_delete('gone-new')`)
        .then(() => (deleted = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(deleted).toBe(false); // waits for the open write
      await a.query('commit');
      await deleting;
    } finally {
      a.release();
    }
    for (const table of ['entries', 'submissions', 'idempotency']) {
      const { rows } = await db().query(`select count(*)::int as n from public.${table} where board_id = 'gone-new'`);
      expect({ table, n: rows[0].n }).toEqual({ table, n: 0 });
    }
    // A first write after the deletion finds no board and adds nothing.
    await expect(submit(db(), 'gone-new', 'late', 1)).rejects.toThrow(/board_not_found/);
    expect((await db().query(`select 1 from public.entries where board_id = 'gone-new'`)).rows).toHaveLength(0);
  });

  it('deletes a board while a batch that already holds one of its entries adds a new one, without a deadlock', async () => {
    // The two lock orders met: the batch locks entry a1, then (adding `newcomer`) the board; the
    // deletion locks the board, then deletes a1. Every writer now takes the board first.
    await board('lock-order', 'latest');
    await submit(db(), 'lock-order', 'a1', 1);
    await submit(db(), 'lock-order', 'a2', 1);
    const [holder, batcher, deleter] = [await db().connect(), await db().connect(), await db().connect()];
    const pid = async (c: pg.PoolClient) => (await c.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    const waitingOnLock = async (p: number) => {
      for (let i = 0; i < 300; i++) {
        const { rows } = await db().query<{ w: string | null }>(`select wait_event_type as w from pg_stat_activity where pid = $1`, [p]);
        if (rows[0]?.w === 'Lock') return;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`backend ${p} never waited for a lock`);
    };
    // Each client runs one query at a time: their backends' ids are read before they block.
    const [batcherPid, deleterPid] = [await pid(batcher), await pid(deleter)];
    try {
      // a2 is held by another transaction, so the batch stops there, holding a1.
      await holder.query('begin');
      await holder.query(`select 1 from public.entries where board_id = 'lock-order' and player_id = 'a2' for update`);
      const items = [{ playerId: 'a1', score: 2 }, { playerId: 'a2', score: 2 }, { playerId: 'newcomer', score: 2 }];
      const batch = batcher.query(`select public.lb_submit_batch('lock-order', $1::jsonb) as r`, [JSON.stringify(items)]);
      batch.catch(() => {});
      await waitingOnLock(batcherPid);
      const deletion = deleter.query(`select public.lb_board_delete('lock-order')`);
      deletion.catch(() => {});
      await waitingOnLock(deleterPid);
      await holder.query('commit');
      const [b, d] = await Promise.allSettled([batch, deletion]);
      // Before the fix one of them failed with "deadlock detected" (40P01) after deadlock_timeout.
      expect([b.status, d.status, b.status === 'rejected' ? String(b.reason) : d.status === 'rejected' ? String(d.reason) : '']).toEqual(['fulfilled', 'fulfilled', '']);
    } finally {
      await holder.query('rollback').catch(() => {});
      for (const c of [holder, batcher, deleter]) c.release();
    }
    // The batch committed first; the deletion then removed everything, the new entry included.
    expect((await db().query(`select 1 from public.entries where board_id = 'lock-order'`)).rows).toHaveLength(0);
  });

  it('trims only the log rows older than the cutoff', async () => {
    await board('trim-age', 'increment');
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
    for (const [player, daysAgo] of [['old', 120], ['old', 100], ['new', 10], ['new', 0]] as const) {
      await db().query(`select public.lb_submit('trim-age', $1, 1, null, null, 'server:t', $2)`, [player, at(daysAgo)]);
    }
    let n: number;
    do n = (await db().query<{ n: number }>(`select public.lb_submissions_trim($1, 1000) as n`, [at(90)])).rows[0]!.n;
    while (n > 0);
    const { rows } = await db().query<{ player_id: string }>(`select player_id from public.submissions where board_id = 'trim-age' order by seq`);
    expect(rows.map((r) => r.player_id)).toEqual(['new', 'new']);
  });

  it('trims the log by age, in bounded steps, keeping the entries', async () => {
    await board('trim', 'increment');
    for (let i = 0; i < 5; i++) await submit(db(), 'trim', `t${i % 2}`, 1);
    const trim = async () => (await db().query<{ n: number }>(`select public.lb_submissions_trim(now() + interval '1 minute', 3) as n`)).rows[0]!.n;
    let total = 0;
    for (let n = await trim(); n > 0; n = await trim()) {
      expect(n).toBeLessThanOrEqual(3);
      total += n;
    }
    expect(total).toBeGreaterThanOrEqual(5);
    expect((await db().query(`select 1 from public.submissions where board_id = 'trim'`)).rows).toHaveLength(0);
    const { rows } = await db().query<{ player_id: string; score: string }>(`select player_id, score from public.entries where board_id = 'trim' order by player_id`);
    expect(rows.map((r) => [r.player_id, Number(r.score)])).toEqual([['t0', 3], ['t1', 2]]);
  });
});
