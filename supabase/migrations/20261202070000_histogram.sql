-- The score distribution's two steps when a period is read from the record (an old period, or
-- while its projection is being rebuilt); core/histogram.ts computes the bucket edges in between,
-- so the record and the projection count the same ranges. Hidden entries (docs/moderation.md) are
-- left out, as the projection leaves them out of the period's sorted set.

-- Entry count and the lowest and highest score of a period.
create function public.lb_score_span(p_board text, p_period text) returns jsonb
language sql stable security definer set search_path = public as $$
  select jsonb_build_object('total', count(*), 'min', min(score), 'max', max(score))
  from public.entries where board_id = p_board and period = p_period and not hidden
$$;

-- Entries per inclusive score range [p_from[i], p_to[i]], in order.
create function public.lb_range_counts(p_board text, p_period text, p_from bigint[], p_to bigint[]) returns jsonb
language sql stable security definer set search_path = public as $$
  select coalesce(jsonb_agg(
    (select count(*) from public.entries e
      where e.board_id = p_board and e.period = p_period and not e.hidden and e.score between r.f and r.t)
    order by r.i), '[]')
  from unnest(p_from, p_to) with ordinality as r(f, t, i)
$$;

revoke execute on function public.lb_score_span(text, text), public.lb_range_counts(text, text, bigint[], bigint[])
  from public, anon, authenticated;
grant execute on function public.lb_score_span(text, text), public.lb_range_counts(text, text, bigint[], bigint[])
  to service_role;
