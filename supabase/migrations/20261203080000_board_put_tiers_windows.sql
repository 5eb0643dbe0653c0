-- One board PUT for tiers (20261203030000) and the per-board stale windows (20261203070000),
-- which were written side by side: each redefined lb_board_json without the other's fields, and
-- lb_board_put (tiers) did not pass the windows on to lb_board_configure.

create or replace function public.lb_board_json(b public.boards) returns jsonb
language sql immutable as $$
  select jsonb_build_object(
    'id', b.id, 'name', b.name, 'sort', b.sort, 'operator', b.operator, 'reset', b.reset,
    'writers', b.writers, 'minScore', b.min_score, 'maxScore', b.max_score,
    'cacheSeconds', b.cache_seconds, 'staleSeconds', coalesce(b.stale_seconds, b.cache_seconds),
    'staleIfErrorSeconds', b.stale_if_error_seconds,
    'seq', b.seq, 'source', b.source, 'sourceStatus', b.source_status,
    'rankMode', b.rank_mode, 'scoreFormat', b.score_format,
    'startsAt', public.lb_iso(b.starts_at), 'endsAt', public.lb_iso(b.ends_at), 'tiers', b.tiers,
    -- Distinguishes a re-created board from an earlier one with the same id (projection keys use it).
    'incarnation', (extract(epoch from b.created_at) * 1000000)::bigint)
$$;

drop function public.lb_board_put(text, text, text, text, text, text, bigint, bigint, integer, jsonb, text, text, jsonb, jsonb, boolean, jsonb);

-- PUT /api/boards/{board}: the board, its rules and its stale windows (lb_board_configure), then
-- its tiers when p_set_tiers (p_tiers null removes them; left out, p_set_tiers false, keeps them).
create function public.lb_board_put(
  p_id text, p_name text, p_sort text, p_operator text, p_reset text, p_writers text,
  p_min_score bigint default null, p_max_score bigint default null, p_cache_seconds integer default null,
  p_source jsonb default null, p_rank_mode text default null, p_score_format text default null,
  p_window jsonb default '{}', p_rules jsonb default '{}',
  p_stale_seconds integer default null, p_stale_if_error_seconds integer default null,
  p_set_tiers boolean default false, p_tiers jsonb default null
) returns jsonb
language plpgsql security definer set search_path = public as $$
declare
  v_out jsonb;
begin
  v_out := public.lb_board_configure(p_id, p_name, p_sort, p_operator, p_reset, p_writers, p_min_score, p_max_score,
                                     p_cache_seconds, p_source, p_rank_mode, p_score_format, p_window, p_rules,
                                     p_stale_seconds, p_stale_if_error_seconds);
  if p_set_tiers then
    update public.boards set tiers = p_tiers where id = p_id and tiers is distinct from p_tiers;
  end if;
  return jsonb_build_object('created', v_out->'created', 'board', public.lb_board(p_id));
end
$$;

revoke execute on function
  public.lb_board_put(text, text, text, text, text, text, bigint, bigint, integer, jsonb, text, text, jsonb, jsonb, integer, integer, boolean, jsonb)
  from public, anon, authenticated;
grant execute on function
  public.lb_board_put(text, text, text, text, text, text, bigint, bigint, integer, jsonb, text, text, jsonb, jsonb, integer, integer, boolean, jsonb)
  to service_role;
