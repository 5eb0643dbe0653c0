-- Per-board staleness of the edge cache (docs/edge-cache.md), on top of the earlier migrations.
--
-- Boards gain stale_seconds (the stale-while-revalidate window; null follows cache_seconds) and
-- stale_if_error_seconds (how long a copy may stand in for an origin that fails; 0 allowed).
-- Their bounds are the edge's (core/cache-tags.ts): 3600 s and 86400 s. The origin sends them to
-- the edge in Cache-Control on every board answer.

alter table public.boards
  add column stale_seconds          integer check (stale_seconds between 0 and 3600),
  add column stale_if_error_seconds integer not null default 3600 check (stale_if_error_seconds between 0 and 86400);

create or replace function public.lb_board_json(b public.boards) returns jsonb
language sql immutable as $$
  select jsonb_build_object(
    'id', b.id, 'name', b.name, 'sort', b.sort, 'operator', b.operator, 'reset', b.reset,
    'writers', b.writers, 'minScore', b.min_score, 'maxScore', b.max_score,
    'cacheSeconds', b.cache_seconds, 'staleSeconds', coalesce(b.stale_seconds, b.cache_seconds),
    'staleIfErrorSeconds', b.stale_if_error_seconds,
    'seq', b.seq, 'source', b.source, 'sourceStatus', b.source_status,
    'rankMode', b.rank_mode, 'scoreFormat', b.score_format,
    'startsAt', public.lb_iso(b.starts_at), 'endsAt', public.lb_iso(b.ends_at),
    -- Distinguishes a re-created board from an earlier one with the same id (projection keys use it).
    'incarnation', (extract(epoch from b.created_at) * 1000000)::bigint)
$$;

-- The earlier lb_board_configure keeps its body under a new name; lb_board_configure now also
-- takes the two windows, in the same transaction. A null window keeps the board's (a new board's
-- stale_seconds follows cache_seconds, its stale_if_error_seconds is 3600).
alter function public.lb_board_configure(text, text, text, text, text, text, bigint, bigint, integer, jsonb, text, text, jsonb, jsonb)
  rename to lb_board_configure_rules;

create function public.lb_board_configure(
  p_id text, p_name text, p_sort text, p_operator text, p_reset text, p_writers text,
  p_min_score bigint default null, p_max_score bigint default null, p_cache_seconds integer default null,
  p_source jsonb default null, p_rank_mode text default null, p_score_format text default null,
  p_window jsonb default '{}', p_rules jsonb default '{}',
  p_stale_seconds integer default null, p_stale_if_error_seconds integer default null
) returns jsonb
language plpgsql security definer set search_path = public as $$
declare
  v_out jsonb;
begin
  v_out := public.lb_board_configure_rules(p_id, p_name, p_sort, p_operator, p_reset, p_writers, p_min_score, p_max_score,
                                           p_cache_seconds, p_source, p_rank_mode, p_score_format, p_window, p_rules);
  if p_stale_seconds is not null or p_stale_if_error_seconds is not null then
    update public.boards
       set stale_seconds = coalesce(p_stale_seconds, stale_seconds),
           stale_if_error_seconds = coalesce(p_stale_if_error_seconds, stale_if_error_seconds)
     where id = p_id;
  end if;
  return jsonb_build_object('created', v_out->'created', 'board', public.lb_board(p_id));
end
$$;

revoke execute on function
  public.lb_board_configure(text, text, text, text, text, text, bigint, bigint, integer, jsonb, text, text, jsonb, jsonb, integer, integer)
  from public, anon, authenticated;
grant execute on function
  public.lb_board_configure(text, text, text, text, text, text, bigint, bigint, integer, jsonb, text, text, jsonb, jsonb, integer, integer)
  to service_role;
