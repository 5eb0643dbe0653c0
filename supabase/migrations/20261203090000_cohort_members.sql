-- How many players a cohort holds and how many of them have no score (docs/tournaments.md "Cohorts"),
-- on top of the earlier migrations.
--
-- A cohort's entries list only the members who have scored, but a league close (lb_league_close)
-- ranks every member of the cohort: those without an entry come last, so they take the demotion
-- places first. The cohort page answers these counts beside its entries so that a client marks the
-- zones the close will apply. One index range of lb_members_cohort (a cohort holds at most 1000).
-- Hidden players (docs/moderation.md) are members with an entry: the close ranks them by score.

create function public.lb_cohort_members(p_board text, p_period text, p_cohort integer) returns jsonb
language sql stable security definer set search_path = public as $$
  select jsonb_build_object('members', count(*), 'unscored', count(*) filter (where e.player_id is null))
  from public.lb_members m
  left join public.entries e on e.board_id = m.board_id and e.period = m.period and e.player_id = m.player_id
  where m.board_id = p_board and m.period = p_period and m.cohort = p_cohort
$$;

revoke execute on function public.lb_cohort_members(text, text, integer) from public, anon, authenticated;
grant execute on function public.lb_cohort_members(text, text, integer) to service_role;
