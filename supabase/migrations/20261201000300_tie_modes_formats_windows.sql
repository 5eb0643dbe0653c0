-- Tie display, score formats, open/close times and archives, on top of the earlier migrations.
--
-- Boards gain rank_mode (how equal scores are numbered), score_format (how clients show
-- scores), and starts_at / ends_at (when writes are accepted). The window is enforced on the
-- submissions log, so every write function (single, batch, source sync, and any later one)
-- obeys it without each repeating the check. Migrations are append-only: this file changes
-- earlier objects with ALTER and CREATE OR REPLACE.

alter table public.boards
  add column rank_mode    text not null default 'ordinal' check (rank_mode in ('ordinal', 'competition', 'dense')),
  add column score_format text not null default 'integer' check (score_format ~ '^(integer|duration_ms|fixed:[1-6])$'),
  add column starts_at    timestamptz,
  add column ends_at      timestamptz,
  add constraint boards_open_window check (starts_at is null or ends_at is null or starts_at < ends_at);

create or replace function public.lb_board_json(b public.boards) returns jsonb
language sql immutable as $$
  select jsonb_build_object(
    'id', b.id, 'name', b.name, 'sort', b.sort, 'operator', b.operator, 'reset', b.reset,
    'writers', b.writers, 'minScore', b.min_score, 'maxScore', b.max_score,
    'cacheSeconds', b.cache_seconds, 'seq', b.seq, 'source', b.source, 'sourceStatus', b.source_status,
    'rankMode', b.rank_mode, 'scoreFormat', b.score_format,
    'startsAt', public.lb_iso(b.starts_at), 'endsAt', public.lb_iso(b.ends_at),
    -- Distinguishes a re-created board from an earlier one with the same id (projection keys use it).
    'incarnation', (extract(epoch from b.created_at) * 1000000)::bigint)
$$;

drop function public.lb_board_upsert(text, text, text, text, text, text, bigint, bigint, integer, jsonb);

-- Creates or updates a board. Changing sort, operator or reset once it has entries, or
-- bounds that existing entries would violate, raises board_conflict. rank_mode, score_format
-- and the open window may change at any time: they change no stored entry. Like
-- cache_seconds, a null rank_mode or score_format keeps the board's; p_window holds the
-- startsAt / endsAt the request named (null clears one), and a key left out keeps it.
-- A window whose start is not before its end raises invalid_window.
create function public.lb_board_upsert(
  p_id text, p_name text, p_sort text, p_operator text, p_reset text, p_writers text,
  p_min_score bigint default null, p_max_score bigint default null, p_cache_seconds integer default null,
  p_source jsonb default null, p_rank_mode text default null, p_score_format text default null,
  p_window jsonb default '{}'
) returns jsonb
language plpgsql security definer set search_path = public as $$
declare
  b        public.boards;
  v_found  boolean;
  v_starts timestamptz;
  v_ends   timestamptz;
begin
  select * into b from public.boards where id = p_id for update;
  v_found := found;
  v_starts := case when coalesce(p_window, '{}') ? 'startsAt' then (p_window->>'startsAt')::timestamptz else b.starts_at end;
  v_ends := case when coalesce(p_window, '{}') ? 'endsAt' then (p_window->>'endsAt')::timestamptz else b.ends_at end;
  if v_starts is not null and v_ends is not null and v_starts >= v_ends then
    perform public.lb_fail('invalid_window', jsonb_build_object('startsAt', public.lb_iso(v_starts), 'endsAt', public.lb_iso(v_ends)));
  end if;
  if not v_found then
    insert into public.boards (id, name, sort, operator, reset, writers, min_score, max_score, cache_seconds, source,
                               rank_mode, score_format, starts_at, ends_at)
    values (p_id, p_name, p_sort, p_operator, p_reset, p_writers, p_min_score, p_max_score, coalesce(p_cache_seconds, 5), p_source,
            coalesce(p_rank_mode, 'ordinal'), coalesce(p_score_format, 'integer'), v_starts, v_ends)
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
    rank_mode = coalesce(p_rank_mode, rank_mode), score_format = coalesce(p_score_format, score_format),
    starts_at = v_starts, ends_at = v_ends,
    updated_at = now()
  where id = p_id returning * into b;
  return jsonb_build_object('created', false, 'board', public.lb_board_json(b));
end
$$;

-- The open window: a submission stamped before the board's starts_at raises not_open, one at
-- or after its ends_at raises closed. The whole write function's transaction rolls back, so
-- a batch with one refused entry writes nothing. Reads are not affected.
create function public.lb_check_open_window() returns trigger
language plpgsql as $$
declare
  v_starts timestamptz;
  v_ends   timestamptz;
begin
  select starts_at, ends_at into v_starts, v_ends from public.boards where id = new.board_id;
  if v_starts is not null and new.submitted_at < v_starts then
    perform public.lb_fail('not_open', jsonb_build_object('board', new.board_id, 'startsAt', public.lb_iso(v_starts)));
  end if;
  if v_ends is not null and new.submitted_at >= v_ends then
    perform public.lb_fail('closed', jsonb_build_object('board', new.board_id, 'endsAt', public.lb_iso(v_ends)));
  end if;
  return new;
end
$$;

create trigger submissions_open_window before insert on public.submissions
  for each row execute function public.lb_check_open_window();

-- Display ranks of scores in a period for competition (1,1,3) and dense (1,1,2) modes, in the
-- order given: the same numbers as rank() and dense_rank() over (order by rank_score), read
-- from the rank index instead of numbering the whole period. p_rank_scores are rank_score
-- values (score, or -score on desc boards). Used when the Valkey projection cannot answer.
create function public.lb_tie_ranks(p_board text, p_period text, p_mode text, p_rank_scores bigint[]) returns jsonb
language sql stable security definer set search_path = public as $$
  select coalesce(jsonb_agg(
    case when p_mode = 'dense' then
      1 + (select count(distinct o.rank_score) from public.entries o
           where o.board_id = p_board and o.period = p_period and o.rank_score < s.v)
    else
      1 + (select count(*) from public.entries o
           where o.board_id = p_board and o.period = p_period and o.rank_score < s.v)
    end order by s.i), '[]')
  from unnest(p_rank_scores) with ordinality as s(v, i)
$$;

-- A board's periods newest first, after p_before (a period key; null for the first page):
-- every period with entries, plus p_current (the period now running) even while empty.
-- Period keys of one reset kind sort in time order, so they are their own paging key.
create function public.lb_period_list(p_board text, p_current text, p_before text default null, p_limit integer default 20)
returns jsonb
language sql stable security definer set search_path = public as $$
  select coalesce(jsonb_agg(jsonb_build_object('period', t.period, 'entries', t.n) order by t.period desc), '[]')
  from (
    select u.period, sum(u.n)::bigint as n from (
      select period, count(*) as n from public.entries
        where board_id = p_board and (p_before is null or period < p_before) group by period
      union all
      select p_current, 0 where p_current is not null and (p_before is null or p_current < p_before)
    ) u group by u.period order by u.period desc limit p_limit
  ) t
$$;

revoke execute on function public.lb_board_upsert(text, text, text, text, text, text, bigint, bigint, integer, jsonb, text, text, jsonb),
  public.lb_check_open_window(), public.lb_tie_ranks(text, text, text, bigint[]), public.lb_period_list(text, text, text, integer)
  from public, anon, authenticated;
grant execute on function public.lb_board_upsert(text, text, text, text, text, text, bigint, bigint, integer, jsonb, text, text, jsonb),
  public.lb_check_open_window(), public.lb_tie_ranks(text, text, text, bigint[]), public.lb_period_list(text, text, text, integer)
  to service_role;
