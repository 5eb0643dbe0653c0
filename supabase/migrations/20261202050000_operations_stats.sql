-- Operations gauges (docs/operations.md): how far the Valkey projection lags the record.
--
-- lb_recent_writes: the boards written most recently, each with the period and sequence number of
-- its newest logged write. One backward step on the log's primary key (board_id, seq) per board,
-- so it costs the number of boards, whatever the size of the log.
create function public.lb_recent_writes(p_limit integer) returns jsonb
language sql stable security definer set search_path = public as $$
  select coalesce(jsonb_agg(jsonb_build_object('board', w.board_id, 'period', w.period, 'seq', w.seq, 'at', public.lb_iso(w.submitted_at)) order by w.seq desc), '[]')
  from (
    select s.board_id, s.period, s.seq, s.submitted_at
    from public.boards b
    cross join lateral (
      select l.board_id, l.period, l.seq, l.submitted_at from public.submissions l
      where l.board_id = b.id order by l.seq desc limit 1
    ) s
    order by s.seq desc
    limit greatest(1, least(p_limit, 100))
  ) w
$$;

-- lb_writes_after: how many logged writes of a board period have a sequence number above p_after
-- (the projection's version): the writes Valkey does not reflect yet. Counted up to p_cap, over
-- the same primary key, so a projection that lost everything costs at most p_cap rows.
create function public.lb_writes_after(p_board text, p_period text, p_after bigint, p_cap integer) returns integer
language sql stable security definer set search_path = public as $$
  select count(*)::integer from (
    select 1 from public.submissions
    where board_id = p_board and seq > p_after and period = p_period
    limit greatest(1, least(p_cap, 100000))
  ) w
$$;

revoke execute on function public.lb_recent_writes(integer), public.lb_writes_after(text, text, bigint, integer)
  from public, anon, authenticated;
grant execute on function public.lb_recent_writes(integer), public.lb_writes_after(text, text, bigint, integer)
  to service_role;
