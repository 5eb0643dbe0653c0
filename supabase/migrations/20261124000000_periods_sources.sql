-- Periods, sources and erasure audit, on top of 20261123000000_leaderboard.sql.
--
-- Boards can name an external JSON source (origin/sources) and remember the last sync's
-- outcome; the rollover job closes each resetting board's previous period exactly once;
-- erasure audit records can be read back. Migrations are append-only: this file changes the
-- first one's objects with ALTER and CREATE OR REPLACE.

alter table public.boards
  add column source        jsonb check (source is null or operator in ('best', 'latest')),
  add column source_status jsonb;

-- Every write bumps its board's seq, so a busy board's row is rewritten constantly: leave room
-- for HOT updates on the page, and vacuum the dead versions often rather than by table share.
alter table public.boards set (fillfactor = 50, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);

-- Periods the rollover job has closed: written once per board period, never updated.
create table public.closed_periods (
  board_id  text not null references public.boards (id) on delete cascade,
  period    text not null,
  entries   bigint not null,
  closed_at timestamptz not null default now(),
  primary key (board_id, period)
);

alter table public.closed_periods enable row level security;
revoke all on public.closed_periods from anon, authenticated;

create or replace function public.lb_board_json(b public.boards) returns jsonb
language sql immutable as $$
  select jsonb_build_object(
    'id', b.id, 'name', b.name, 'sort', b.sort, 'operator', b.operator, 'reset', b.reset,
    'writers', b.writers, 'minScore', b.min_score, 'maxScore', b.max_score,
    'cacheSeconds', b.cache_seconds, 'seq', b.seq, 'source', b.source, 'sourceStatus', b.source_status,
    -- Distinguishes a re-created board from an earlier one with the same id (projection keys use it).
    'incarnation', (extract(epoch from b.created_at) * 1000000)::bigint)
$$;

drop function public.lb_board_upsert(text, text, text, text, text, text, bigint, bigint, integer);

-- Creates or updates a board. Changing sort, operator or reset once it has entries, or
-- bounds that existing entries would violate, raises board_conflict.
create function public.lb_board_upsert(
  p_id text, p_name text, p_sort text, p_operator text, p_reset text, p_writers text,
  p_min_score bigint default null, p_max_score bigint default null, p_cache_seconds integer default null,
  p_source jsonb default null
) returns jsonb
language plpgsql security definer set search_path = public as $$
declare
  b public.boards;
begin
  select * into b from public.boards where id = p_id for update;
  if not found then
    insert into public.boards (id, name, sort, operator, reset, writers, min_score, max_score, cache_seconds, source)
    values (p_id, p_name, p_sort, p_operator, p_reset, p_writers, p_min_score, p_max_score, coalesce(p_cache_seconds, 5), p_source)
    returning * into b;
    return jsonb_build_object('created', true, 'board', public.lb_board_json(b));
  end if;

  if (b.sort, b.operator, b.reset) is distinct from (p_sort, p_operator, p_reset)
     and exists (select 1 from public.entries where board_id = p_id) then
    perform public.lb_fail('board_conflict', jsonb_build_object('reason', 'sort, operator and reset cannot change while the board has entries'));
  end if;
  if exists (select 1 from public.entries where board_id = p_id
             and ((p_min_score is not null and score < p_min_score) or (p_max_score is not null and score > p_max_score))) then
    perform public.lb_fail('board_conflict', jsonb_build_object('reason', 'existing entries fall outside the new bounds'));
  end if;

  update public.boards set name = p_name, sort = p_sort, operator = p_operator, reset = p_reset, writers = p_writers,
    min_score = p_min_score, max_score = p_max_score, cache_seconds = coalesce(p_cache_seconds, cache_seconds),
    source = p_source, source_status = case when source is distinct from p_source then null else source_status end,
    updated_at = now()
  where id = p_id returning * into b;
  return jsonb_build_object('created', false, 'board', public.lb_board_json(b));
end
$$;

-- Records the outcome of a board's last source sync.
create function public.lb_source_status(p_board text, p_status jsonb) returns void
language sql security definer set search_path = public as $$
  update public.boards set source_status = p_status where id = p_board
$$;

-- The start of the period containing p_at (UTC days, ISO weeks, UTC months); null for `never`.
create function public.lb_period_start(p_reset text, p_at timestamptz) returns timestamptz
language sql immutable as $$
  select case p_reset
    when 'daily' then date_trunc('day', p_at at time zone 'UTC') at time zone 'UTC'
    when 'weekly' then date_trunc('week', p_at at time zone 'UTC') at time zone 'UTC'
    when 'monthly' then date_trunc('month', p_at at time zone 'UTC') at time zone 'UTC'
  end
$$;

-- Closes the period before the current one on every resetting board: records its final entry
-- count once. Safe to run any number of times, concurrently: a period is closed exactly once.
-- Returns every resetting board with its current and previous period and whether this call closed it.
create function public.lb_rollover(p_now timestamptz default null) returns jsonb
language plpgsql security definer set search_path = public as $$
declare
  v_now timestamptz := coalesce(p_now, clock_timestamp());
  v_out jsonb := '[]'::jsonb;
  b     public.boards;
  v_prev text;
  v_closed integer;
begin
  for b in select * from public.boards where reset <> 'never' order by id loop
    v_prev := public.lb_period_key(b.reset, public.lb_period_start(b.reset, v_now) - interval '1 millisecond');
    insert into public.closed_periods (board_id, period, entries)
    select b.id, v_prev, count(*) from public.entries where board_id = b.id and period = v_prev
    on conflict (board_id, period) do nothing;
    get diagnostics v_closed = row_count;
    v_out := v_out || jsonb_build_array(jsonb_build_object(
      'board', b.id, 'reset', b.reset, 'current', public.lb_period_key(b.reset, v_now),
      'previous', v_prev, 'closedNow', v_closed > 0));
  end loop;
  return v_out;
end
$$;

-- The audit records of a board, newest first (they never hold erased data).
create function public.lb_audit(p_board text, p_limit integer default 100) returns jsonb
language sql stable security definer set search_path = public as $$
  select coalesce(jsonb_agg(jsonb_build_object('action', action, 'at', public.lb_iso(at), 'detail', detail) order by id desc), '[]')
  from (select * from public.audit_log where board_id = p_board order by id desc limit p_limit) a
$$;

revoke execute on function public.lb_board_upsert(text, text, text, text, text, text, bigint, bigint, integer, jsonb),
  public.lb_source_status(text, jsonb), public.lb_period_start(text, timestamptz), public.lb_rollover(timestamptz),
  public.lb_audit(text, integer)
  from public, anon, authenticated;
grant execute on function public.lb_board_upsert(text, text, text, text, text, text, bigint, bigint, integer, jsonb),
  public.lb_source_status(text, jsonb), public.lb_period_start(text, timestamptz), public.lb_rollover(timestamptz),
  public.lb_audit(text, integer)
  to service_role;
