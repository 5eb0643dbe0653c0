/**
 * The Postgres-only design the read cases compare with: the same rows (public.entries), its best
 * index for rank order, (board_id, period, rank_score, achieved_at, player_id), after VACUUM ANALYZE,
 * and plain SQL: a rank is 1 + count(*) of the entries ahead (an index-only scan), around is that
 * rank plus two short index scans. A friends list is set-based: one index-only scan numbers the
 * entries up to the last-ranked friend, and the friends' rows are joined to their row numbers.
 * None of these also counts the board's total, which the origin's answers include: that would only
 * make Postgres slower.
 */
import type pg from 'pg';
import { RADIUS, type Ask } from './queries.ts';

const AHEAD = `1 + (select count(*) from public.entries o where o.board_id = e.board_id and o.period = e.period
    and (o.rank_score, o.achieved_at, o.player_id) < (e.rank_score, e.achieved_at, e.player_id))`;

export const PG_SQL = {
  top10: `select player_id, score, achieved_at, metadata, row_number() over () as rank from (
      select player_id, score, achieved_at, metadata from public.entries
      where board_id = $1 and period = 'all' order by rank_score, achieved_at, player_id limit 10) t`,
  rank: `select e.player_id, e.score, e.achieved_at, e.metadata, ${AHEAD} as rank
      from public.entries e where e.board_id = $1 and e.period = 'all' and e.player_id = $2`,
  around: `with me as (select e.*, ${AHEAD} as rank from public.entries e where e.board_id = $1 and e.period = 'all' and e.player_id = $2)
    select * from (
      select b.player_id, b.score, b.achieved_at, b.metadata, me.rank - row_number() over (order by b.rank_score desc, b.achieved_at desc, b.player_id desc) as rank
      from me, lateral (select * from public.entries x where x.board_id = $1 and x.period = 'all'
        and (x.rank_score, x.achieved_at, x.player_id) < (me.rank_score, me.achieved_at, me.player_id)
        order by x.rank_score desc, x.achieved_at desc, x.player_id desc limit ${RADIUS}) b
      union all select me.player_id, me.score, me.achieved_at, me.metadata, me.rank from me
      union all
      select a.player_id, a.score, a.achieved_at, a.metadata, me.rank + row_number() over (order by a.rank_score, a.achieved_at, a.player_id) as rank
      from me, lateral (select * from public.entries x where x.board_id = $1 and x.period = 'all'
        and (x.rank_score, x.achieved_at, x.player_id) > (me.rank_score, me.achieved_at, me.player_id)
        order by x.rank_score, x.achieved_at, x.player_id limit ${RADIUS}) a
    ) t order by rank`,
  friends: `with f as (
      select rank_score, achieved_at, player_id from public.entries
      where board_id = $1 and period = 'all' and player_id = any ($2::text[])),
    last as (select rank_score, achieved_at, player_id from f order by rank_score desc, achieved_at desc, player_id desc limit 1),
    numbered as (
      select o.player_id, row_number() over (order by o.rank_score, o.achieved_at, o.player_id) as rank
      from public.entries o, last
      where o.board_id = $1 and o.period = 'all' and (o.rank_score, o.achieved_at, o.player_id) <= (last.rank_score, last.achieved_at, last.player_id))
    select e.player_id, e.score, e.achieved_at, e.metadata, n.rank
      from numbered n join public.entries e on e.board_id = $1 and e.period = 'all' and e.player_id = n.player_id
      where n.player_id = any ($2::text[]) order by n.rank`,
} as const;

/** Asks one question the Postgres-only way, as a prepared statement; resolves with the row count. */
export async function askPostgres(client: pg.PoolClient | pg.Client, board: string, a: Ask): Promise<number> {
  const values: unknown[] = a.query === 'top10' ? [board] : a.query === 'friends' ? [board, a.players] : [board, a.players[0]];
  const res = await client.query<Record<string, unknown>>({ name: `bench-${a.query}`, text: PG_SQL[a.query], values });
  return res.rowCount ?? 0;
}
