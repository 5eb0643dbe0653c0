/**
 * Tournaments and cohorts (docs/tournaments.md). Figures only (ctx.info), no targets yet:
 * - joins per second: `lb_join` from 32 connections on one board with cohorts (every new join of a
 *   board period goes through that period's fill row), against `lb_submit` of as many new players on
 *   a normal board with the same concurrency, in the same run;
 * - cohort reads at many cohorts: a top-10 page of a random cohort among K cohorts of 50 (10,000
 *   cohorts in the full run, 200 in the quick one) through the origin's own read path, against the
 *   board-wide top-10 page of the same board;
 * - league rollover: closing one period of a league of 100,000 players (10,000 in the quick run) in
 *   cohorts of 50: the period's close (its results stored), then `lb_league_close` (every cohort
 *   ranked, promotions and demotions, tiers carried, the moves written into the period's results).
 */
import type pg from 'pg';
import { closeValkey } from '../../origin/clients/valkey.ts';
import { loadConfig } from '../../origin/config.ts';
import { createDeps } from '../../origin/deps.ts';
import { topEntries } from '../../origin/leaderboard/queries.ts';
import { cohortEntriesPage, scopePages } from '../../origin/leaderboard/tournaments.ts';
import { rebuildPeriod } from '../../origin/leaderboard/rebuild.ts';
import { cohortScope } from '../../origin/projection/keys.ts';
import type { RecordBoard } from '../../origin/record/types.ts';
import type { BenchContext } from '../context.ts';
import { createBoard, prng } from '../seed.ts';
import { summarize } from '../stats.ts';

const CALLERS = 32;
const COHORT = 50;
const fmt = (n: number) => n.toLocaleString('en-US');

/** Creates a board with entry rules through the record's own function. */
async function createTournament(pool: pg.Pool, id: string, rules: Record<string, unknown>, reset = 'never'): Promise<RecordBoard> {
  const { rows } = await pool.query<{ r: { board: RecordBoard } }>(
    `select public.lb_board_put($1, $1, 'desc', 'best', $3, 'server', null, null, null, null, null, null, '{}', $2::jsonb) as r`,
    [id, JSON.stringify(rules), reset],
  );
  return rows[0]!.r.board;
}

/** Runs `total` calls from `callers` concurrent loops; calls per second and errors. */
async function concurrently(total: number, callers: number, call: (i: number) => Promise<unknown>): Promise<{ perSecond: number; errors: number }> {
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      for (let i = next++; i < total; i = next++) await call(i).catch(() => (errors += 1));
    }),
  );
  return { perSecond: total / ((performance.now() - started) / 1000), errors };
}

export async function tournaments(ctx: BenchContext): Promise<void> {
  const config = loadConfig(ctx.stack.originEnv);
  const deps = createDeps({ ...config, supabaseTimeoutMs: 60_000 }, { log: () => undefined, now: () => new Date() });
  try {
    const projection = await deps.projection();

    // Joins per second, against first submissions on a normal board.
    const joins = ctx.quick ? 2000 : 20_000;
    await createTournament(ctx.pool, 'bench-joins', { joinRequired: true, cohortSize: COHORT });
    await createBoard(ctx.pool, { id: 'bench-joins-baseline' });
    ctx.progress(`  ${fmt(joins)} joins from ${CALLERS} connections (lb_join), then as many first submissions (lb_submit)`);
    const joined = await concurrently(joins, CALLERS, (i) => ctx.pool.query('select public.lb_join($1, $2)', ['bench-joins', `j${i}`]));
    const submitted = await concurrently(joins, CALLERS, (i) => ctx.pool.query('select public.lb_submit($1, $2, $3)', ['bench-joins-baseline', `j${i}`, i]));
    ctx.info({
      name: `joins per second, ${CALLERS} connections, cohorts of ${COHORT} (lb_join)`,
      value: joined.perSecond,
      unit: 'joins/s',
      note: "every new join of a board period holds that period's fill row until it commits (docs/tournaments.md)",
    });
    ctx.info({ name: `first submissions per second, same run, normal board (lb_submit)`, value: submitted.perSecond, unit: 'writes/s' });
    ctx.info({ name: 'joins / first submissions', value: joined.perSecond / submitted.perSecond, unit: 'ratio' });
    ctx.info({ name: 'join errors', value: joined.errors, unit: 'errors' });
    const { rows } = await ctx.pool.query<{ n: number; over: number }>(
      `select count(*)::int as n, count(*) filter (where c > $2)::int as over from (select cohort, count(*) as c from public.lb_members where board_id = $1 group by cohort) t`,
      ['bench-joins', COHORT],
    );
    ctx.info({ name: 'cohorts formed by the joins (none over the size)', value: rows[0]!.n, unit: `cohorts, ${rows[0]!.over} over` });

    // Cohort reads at many cohorts.
    const cohorts = ctx.quick ? 200 : 10_000;
    const players = cohorts * COHORT;
    const board = await createTournament(ctx.pool, 'bench-cohorts', { joinRequired: true, cohortSize: COHORT });
    ctx.progress(`  seeding ${fmt(cohorts)} cohorts of ${COHORT} (${fmt(players)} players) with one set-based insert`);
    await ctx.pool.query('delete from public.lb_members where board_id = $1', [board.id]);
    await ctx.pool.query('delete from public.entries where board_id = $1', [board.id]);
    await ctx.pool.query(
      `insert into public.lb_members (board_id, period, player_id, cohort, band, attempts, joined_at)
       select $1, 'all', 'p' || g, g / ${COHORT} + 1, '', 1, now() from generate_series(0, $2 - 1) g`,
      [board.id, players],
    );
    await ctx.pool.query(
      `insert into public.entries (board_id, period, player_id, score, rank_score, achieved_at, metadata, seq, updated_at)
       select $1, 'all', 'p' || g, s, -s, now(), null, nextval('public.lb_write_seq'), now()
       from (select g, (hashint4(g) & 1073741823)::bigint as s from generate_series(0, $2 - 1) g) t`,
      [board.id, players],
    );
    await ctx.pool.query('vacuum analyze public.lb_members');
    let started = performance.now();
    await rebuildPeriod(deps, projection.period(board, 'all'), board);
    ctx.info({ name: `board-wide projection of ${fmt(players)} players rebuilt`, value: (performance.now() - started) / 1000, unit: 's' });
    ctx.progress(`  building ${fmt(cohorts)} cohort projections`);
    started = performance.now();
    // The origin's own per-cohort rebuild (lock, export from the record, apply, finish), CALLERS at a time.
    let rebuilt = 0;
    const built = await concurrently(cohorts, CALLERS / 2, async (i) => {
      const scope = cohortScope('all', i + 1);
      if (await rebuildPeriod(deps, projection.period(board, scope), board, undefined, scopePages(deps, board, scope))) rebuilt += 1;
    });
    const buildS = (performance.now() - started) / 1000;
    ctx.info({
      name: `cohort projections built (${fmt(rebuilt)} of ${fmt(cohorts)}, ${CALLERS / 2} at a time)`,
      value: buildS,
      unit: 's',
      note: `${built.perSecond.toFixed(1)} cohorts of ${COHORT} per second, through the gateway`,
    });

    const samples = ctx.quick ? 500 : 2000;
    const random = prng(17);
    const cohortTimes: number[] = [];
    const topTimes: number[] = [];
    ctx.progress(`  ${fmt(samples)} top-10 reads of random cohorts, and of the board`);
    for (let i = 0; i < samples; i++) {
      let t = performance.now();
      const page = await cohortEntriesPage(deps, board.id, 1 + Math.floor(random() * cohorts), { limit: 10 });
      cohortTimes.push(performance.now() - t);
      if (page.entries.length !== 10 || page.total !== COHORT) throw new Error(`a cohort page held ${page.entries.length} of ${page.total}`);
      t = performance.now();
      await topEntries(deps, board.id, { limit: 10 }, { pin: false });
      topTimes.push(performance.now() - t);
    }
    const c = summarize(cohortTimes);
    const b = summarize(topTimes);
    ctx.info({
      name: `cohort top-10 read p50, random cohort of ${fmt(cohorts)}`,
      value: c.p50,
      unit: 'ms',
      note: 'in process, through the origin read path (board config cached, Valkey scripts, no HTTP)',
    });
    ctx.info({ name: 'cohort top-10 read p99', value: c.p99, unit: 'ms' });
    ctx.info({ name: 'board-wide top-10 read p50, same board', value: b.p50, unit: 'ms' });
    ctx.info({ name: 'cohort read / board-wide read (p50)', value: c.p50 / b.p50, unit: 'ratio' });

    // League rollover: one period close of a whole league, set-based in the record.
    const leaguePlayers = ctx.quick ? 10_000 : 100_000;
    const league = await createTournament(ctx.pool, 'bench-league', { cohortSize: COHORT, league: { tiers: 5, promote: 10, demote: 10 } }, 'daily');
    const period = '2030-01-01';
    ctx.progress(`  seeding a league period of ${fmt(leaguePlayers)} players in cohorts of ${COHORT}`);
    await ctx.pool.query(
      `insert into public.lb_members (board_id, period, player_id, cohort, band, attempts, joined_at)
       select $1, $3, 'p' || g, g / ${COHORT} + 1, (1 + (g / ${COHORT}) % 5)::text, 1, now() from generate_series(0, $2 - 1) g`,
      [league.id, leaguePlayers, period],
    );
    await ctx.pool.query(
      `insert into public.entries (board_id, period, player_id, score, rank_score, achieved_at, metadata, seq, updated_at)
       select $1, $3, 'p' || g, s, -s, now(), null, nextval('public.lb_write_seq'), now()
       from (select g, (hashint4(g) & 1073741823)::bigint as s from generate_series(0, $2 - 1) g) t`,
      [league.id, leaguePlayers, period],
    );
    await ctx.pool.query('vacuum analyze public.lb_members');
    // The rollover's two record steps, as lb_rollover and closeLeagues take them: the period closes
    // (its results stored by the closed_periods trigger), then its league period closes, which also
    // writes the promotions and demotions into those results as it commits.
    started = performance.now();
    await ctx.pool.query('insert into public.closed_periods (board_id, period, entries) values ($1, $2, $3)', [league.id, period, leaguePlayers]);
    const periodS = (performance.now() - started) / 1000;
    started = performance.now();
    const { rows: closed } = await ctx.pool.query<{ r: { closed: boolean; players: number; promoted: number; demoted: number } }>('select public.lb_league_close($1, $2) as r', [league.id, period]);
    const closeS = (performance.now() - started) / 1000;
    if (!closed[0]?.r.closed || closed[0].r.players !== leaguePlayers) throw new Error(`the league close covered ${JSON.stringify(closed[0]?.r)}`);
    const { rows: stored } = await ctx.pool.query<{ promoted: number; demoted: number }>(
      `select jsonb_array_length(league->'promoted') as promoted, jsonb_array_length(league->'demoted') as demoted from public.period_results where board_id = $1 and period = $2`,
      [league.id, period],
    );
    if (stored[0]?.promoted !== closed[0].r.promoted || stored[0]?.demoted !== closed[0].r.demoted) throw new Error(`the results hold ${JSON.stringify(stored[0])} moves`);
    // The part of the close that writes the moves into the results (its deferred trigger), measured on its own.
    started = performance.now();
    await ctx.pool.query('select length(public.lb_league_summary($1, $2)::text) as n', [league.id, period]);
    ctx.info({ name: `league moves summarised for the results (part of the close above)`, value: (performance.now() - started) / 1000, unit: 's' });
    ctx.info({
      name: `league rollover, ${fmt(leaguePlayers)} players in cohorts of ${COHORT}`,
      value: periodS + closeS,
      unit: 's',
      note: `period close (results stored) ${periodS.toFixed(2)} s + lb_league_close ${closeS.toFixed(2)} s: ${fmt(closed[0].r.promoted)} promoted, ${fmt(closed[0].r.demoted)} demoted, tiers carried, moves written into the results`,
    });
  } finally {
    await closeValkey();
  }
}
