-- Tiers on any board, and league moves in a period's results and webhook (docs/boards.md "Tiers",
-- docs/tournaments.md, docs/results.md).
--
-- * boards.tiers holds a board's tiers as the API takes them (core/tiers.ts validates them; the
--   record stores and returns them). lb_board_put writes a board, its rules and its tiers in one
--   transaction (lb_board_configure, then the tiers).
-- * lb_read_tier reads one tier of a period from the record, when the projection can't answer:
--   a rank-score range (score tiers) or a run of positions (percentile tiers), in rank order, in
--   keyset pages, without hidden entries.
-- * period_results.league holds a league period's promotions and demotions. It is written in the
--   transaction that closes the league period (lb_league_close inserts into lb_league_closed once;
--   a deferred trigger copies the moves when that transaction commits), or, when the results are
--   stored after the league closed, as they are stored. A league board's webhook delivery waits
--   until its league period is closed, so every delivery carries the moves.

alter table public.boards add column tiers jsonb;

create or replace function public.lb_board_json(b public.boards) returns jsonb
language sql immutable as $$
  select jsonb_build_object(
    'id', b.id, 'name', b.name, 'sort', b.sort, 'operator', b.operator, 'reset', b.reset,
    'writers', b.writers, 'minScore', b.min_score, 'maxScore', b.max_score,
    'cacheSeconds', b.cache_seconds, 'seq', b.seq, 'source', b.source, 'sourceStatus', b.source_status,
    'rankMode', b.rank_mode, 'scoreFormat', b.score_format,
    'startsAt', public.lb_iso(b.starts_at), 'endsAt', public.lb_iso(b.ends_at), 'tiers', b.tiers,
    -- Distinguishes a re-created board from an earlier one with the same id (projection keys use it).
    'incarnation', (extract(epoch from b.created_at) * 1000000)::bigint)
$$;

-- PUT /api/boards/{board}: the board and its rules (lb_board_configure), then its tiers when
-- p_set_tiers (p_tiers null removes them; left out, p_set_tiers false, keeps them).
create function public.lb_board_put(
  p_id text, p_name text, p_sort text, p_operator text, p_reset text, p_writers text,
  p_min_score bigint default null, p_max_score bigint default null, p_cache_seconds integer default null,
  p_source jsonb default null, p_rank_mode text default null, p_score_format text default null,
  p_window jsonb default '{}', p_rules jsonb default '{}', p_set_tiers boolean default false, p_tiers jsonb default null
) returns jsonb
language plpgsql security definer set search_path = public as $$
declare
  v_out jsonb;
begin
  v_out := public.lb_board_configure(p_id, p_name, p_sort, p_operator, p_reset, p_writers, p_min_score, p_max_score,
                                     p_cache_seconds, p_source, p_rank_mode, p_score_format, p_window, p_rules);
  if p_set_tiers then
    update public.boards set tiers = p_tiers where id = p_id and tiers is distinct from p_tiers;
  end if;
  return jsonb_build_object('created', v_out->'created', 'board', public.lb_board(p_id));
end
$$;

-- One tier of a period in rank order, p_limit entries after the keyset position (p_after_*), each
-- with its ordinal rank. Score tiers give the rank-score range [p_lo, p_hi] (score on asc boards,
-- -score on desc); percentile tiers the positions [p_from, p_to]. Returns the period's entry count,
-- the tier's, the position of the tier's last entry, and the page. Hidden entries are left out, as
-- from every public view.
create function public.lb_read_tier(
  p_board text, p_period text, p_limit integer,
  p_lo bigint default null, p_hi bigint default null, p_from bigint default null, p_to bigint default null,
  p_after_rank_score bigint default null, p_after_ms bigint default null, p_after_player text default null
) returns jsonb
language plpgsql stable security definer set search_path = public as $$
declare
  v_after timestamptz := to_timestamp(p_after_ms / 1000.0);
  v_total bigint;
  v_tier bigint;
  v_end bigint;
  v_before bigint := 0;
  v_take bigint;
  v_rows jsonb;
begin
  select count(*) into v_total from public.entries where board_id = p_board and period = p_period and not hidden;
  if p_after_player is not null then
    select count(*) into v_before from public.entries
      where board_id = p_board and period = p_period and not hidden
        and (rank_score, achieved_at, player_id) <= (p_after_rank_score, v_after, p_after_player);
  end if;
  if p_from is not null then
    v_tier := greatest(0, least(p_to, v_total) - p_from + 1);
    v_end := least(p_to, v_total);
    v_before := greatest(v_before, p_from - 1);
    v_take := greatest(0, least(p_limit, p_to - v_before));
    -- The window numbers every entry before the offset applies: n is the position itself.
    select coalesce(jsonb_agg(public.lb_entry_json(t.e) || jsonb_build_object('rank', t.n) order by t.n), '[]')
    into v_rows
    from (
      select e, row_number() over (order by e.rank_score, e.achieved_at, e.player_id) as n
      from public.entries e
      where e.board_id = p_board and e.period = p_period and not e.hidden
      order by e.rank_score, e.achieved_at, e.player_id
      offset v_before limit v_take
    ) t;
  else
    select count(*) filter (where rank_score >= p_lo), count(*) into v_tier, v_end from public.entries
      where board_id = p_board and period = p_period and not hidden and rank_score <= p_hi;
    if p_after_player is null then
      select count(*) into v_before from public.entries
        where board_id = p_board and period = p_period and not hidden and rank_score < p_lo;
    end if;
    select coalesce(jsonb_agg(public.lb_entry_json(t.e) || jsonb_build_object('rank', v_before + t.n) order by t.n), '[]')
    into v_rows
    from (
      select e, row_number() over (order by e.rank_score, e.achieved_at, e.player_id) as n
      from public.entries e
      where e.board_id = p_board and e.period = p_period and not e.hidden and e.rank_score between p_lo and p_hi
        and (p_after_player is null or (e.rank_score, e.achieved_at, e.player_id) > (p_after_rank_score, v_after, p_after_player))
      order by e.rank_score, e.achieved_at, e.player_id
      limit p_limit
    ) t;
  end if;
  return jsonb_build_object('total', v_total, 'tierTotal', v_tier, 'tierEnd', v_end, 'entries', v_rows);
end
$$;

-- League moves in the results.
alter table public.period_results add column league jsonb;

-- A closed league period's promotions and demotions, by cohort and rank.
create function public.lb_league_summary(p_board text, p_period text) returns jsonb
language sql stable security definer set search_path = public as $$
  select jsonb_build_object(
    'promoted', coalesce(jsonb_agg(m.j order by m.cohort, m.rank) filter (where m.to_tier > m.from_tier), '[]'),
    'demoted', coalesce(jsonb_agg(m.j order by m.cohort, m.rank) filter (where m.to_tier < m.from_tier), '[]'))
  from (select cohort, rank, from_tier, to_tier, jsonb_build_object('playerId', player_id, 'cohortId', cohort, 'rank', rank,
          'fromTier', from_tier, 'toTier', to_tier) as j
        from public.lb_league_moves where board_id = p_board and period = p_period) m
$$;

-- Fires when the transaction that closed the league period commits (deferred): its moves are in.
create function public.lb_on_league_closed() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  update public.period_results set league = public.lb_league_summary(new.board_id, new.period)
  where board_id = new.board_id and period = new.period;
  return null;
end
$$;

create constraint trigger lb_league_closed_results after insert on public.lb_league_closed
  deferrable initially deferred for each row execute function public.lb_on_league_closed();

-- Results stored after their league period closed take the moves as they are stored.
create function public.lb_results_league() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  if exists (select 1 from public.lb_league_closed where board_id = new.board_id and period = new.period) then
    new.league := public.lb_league_summary(new.board_id, new.period);
  end if;
  return new;
end
$$;

create trigger period_results_league before insert on public.period_results
  for each row execute function public.lb_results_league();

-- Erasure (lb_member_delete) deletes a player's moves: the stored summaries follow.
create function public.lb_league_moves_gone() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  update public.period_results set league = public.lb_league_summary(old.board_id, old.period)
  where board_id = old.board_id and period = old.period and league is not null;
  return null;
end
$$;

create trigger lb_league_moves_results after delete on public.lb_league_moves
  for each row execute function public.lb_league_moves_gone();

-- Periods of league boards closed before this migration.
update public.period_results r set league = public.lb_league_summary(r.board_id, r.period)
where exists (select 1 from public.lb_league_closed c where c.board_id = r.board_id and c.period = r.period);

create or replace function public.lb_period_results(p_board text, p_period text) returns jsonb
language sql stable security definer set search_path = public as $$
  select jsonb_build_object('period', period, 'closedAt', public.lb_iso(closed_at), 'entries', entries,
    'rankMode', rank_mode, 'size', size, 'results', results, 'league', league)
  from public.period_results where board_id = p_board and period = p_period
$$;

-- As before, plus: a league board's delivery is not claimed before its league period has closed
-- (so it carries the moves), and a claim carries `league`.
create or replace function public.lb_webhook_claim(p_now timestamptz, p_limit integer, p_lease_seconds integer, p_id bigint default null, p_board text default null) returns jsonb
language plpgsql security definer set search_path = public as $$
declare
  v_out jsonb;
begin
  update public.webhook_deliveries d set status = 'failed', last_error = 'the board has no webhook any more'
  where d.status = 'pending' and d.next_attempt_at <= p_now and (p_id is null or d.id = p_id) and (p_board is null or d.board_id = p_board)
    and not exists (select 1 from public.board_results r where r.board_id = d.board_id and r.webhook_url is not null);
  with due as (
    select d.id from public.webhook_deliveries d
    where d.status = 'pending' and d.next_attempt_at <= p_now and (p_id is null or d.id = p_id) and (p_board is null or d.board_id = p_board)
      and not exists (select 1 from public.lb_board_rules br where br.board_id = d.board_id and br.league_tiers is not null
                        and not exists (select 1 from public.lb_league_closed lc where lc.board_id = d.board_id and lc.period = d.period))
    order by d.next_attempt_at, d.id limit p_limit for update skip locked
  ), claimed as (
    update public.webhook_deliveries d set next_attempt_at = p_now + make_interval(secs => p_lease_seconds)
    from due where d.id = due.id
    returning d.*
  )
  select coalesce(jsonb_agg(jsonb_build_object(
      'id', c.id, 'eventId', c.event_id, 'board', c.board_id, 'period', c.period, 'attempts', c.attempts,
      'createdAt', public.lb_iso(c.created_at), 'url', r.webhook_url, 'secret', r.webhook_secret,
      'closedAt', public.lb_iso(p.closed_at), 'entries', p.entries, 'rankMode', p.rank_mode, 'size', p.size, 'results', p.results,
      'league', p.league)
    order by c.id), '[]')
  into v_out
  from claimed c
  join public.board_results r on r.board_id = c.board_id
  join public.period_results p on p.board_id = c.board_id and p.period = c.period;
  return v_out;
end
$$;

revoke execute on function
  public.lb_board_put(text, text, text, text, text, text, bigint, bigint, integer, jsonb, text, text, jsonb, jsonb, boolean, jsonb),
  public.lb_read_tier(text, text, integer, bigint, bigint, bigint, bigint, bigint, bigint, text),
  public.lb_league_summary(text, text), public.lb_on_league_closed(), public.lb_results_league(), public.lb_league_moves_gone()
  from public, anon, authenticated;
grant execute on function
  public.lb_board_put(text, text, text, text, text, text, bigint, bigint, integer, jsonb, text, text, jsonb, jsonb, boolean, jsonb),
  public.lb_read_tier(text, text, integer, bigint, bigint, bigint, bigint, bigint, bigint, text),
  public.lb_league_summary(text, text)
  to service_role;
