-- A hidden player's score does not count at a league close (docs/tournaments.md "Leagues").
--
-- Every view leaves hidden players out (docs/moderation.md), so a cohort's standings never show
-- them. The close used to rank them by their score all the same: a hidden cheater at the top of
-- a cohort took its promotion place, and the cohort view marked the zones one place off.
-- Now the close ranks a hidden member as it ranks a member without a score (last, so they take the
-- demotion places first), and lb_cohort_members counts them among `unscored`, so the cohort page
-- and its view show exactly the zones the close applies. Unhiding a player before the close puts
-- their score back in the ranking.

create or replace function public.lb_league_close(p_board text, p_period text) returns jsonb
language plpgsql security definer set search_path = public as $$
declare
  r public.lb_board_rules;
  v_moves jsonb;
begin
  select * into r from public.lb_board_rules where board_id = p_board;
  if not found or r.league_tiers is null then return jsonb_build_object('closed', false, 'league', false); end if;
  insert into public.lb_league_closed (board_id, period) values (p_board, p_period) on conflict do nothing;
  if not found then return jsonb_build_object('closed', false, 'league', true); end if;
  with ranked as (
    select m.player_id, m.cohort, m.band::integer as tier,
      row_number() over (partition by m.cohort
                         order by (e.player_id is null or e.hidden), e.rank_score, e.achieved_at, m.player_id) as rk,
      count(*) over (partition by m.cohort) as n
    from public.lb_members m
    left join public.entries e on e.board_id = m.board_id and e.period = m.period and e.player_id = m.player_id
    where m.board_id = p_board and m.period = p_period and m.cohort is not null
  ), moved as (
    insert into public.lb_league_moves (board_id, period, player_id, cohort, rank, from_tier, to_tier)
    select p_board, p_period, player_id, cohort, rk, tier,
      case when rk <= r.league_promote then least(tier + 1, r.league_tiers)
           when rk > n - r.league_demote then greatest(tier - 1, 1)
           else tier end
    from ranked
    returning player_id, from_tier, to_tier
  ), carried as (
    insert into public.lb_league_tiers (board_id, player_id, tier)
    select p_board, player_id, to_tier from moved
    on conflict (board_id, player_id) do update set tier = excluded.tier
  )
  select jsonb_build_object('closed', true, 'league', true, 'players', count(*),
    'promoted', count(*) filter (where to_tier > from_tier), 'demoted', count(*) filter (where to_tier < from_tier))
  into v_moves from moved;
  return v_moves;
end
$$;

create or replace function public.lb_cohort_members(p_board text, p_period text, p_cohort integer) returns jsonb
language sql stable security definer set search_path = public as $$
  select jsonb_build_object('members', count(*), 'unscored', count(*) filter (where e.player_id is null or e.hidden))
  from public.lb_members m
  left join public.entries e on e.board_id = m.board_id and e.period = m.period and e.player_id = m.player_id
  where m.board_id = p_board and m.period = p_period and m.cohort = p_cohort
$$;

revoke execute on function public.lb_league_close(text, text) from public, anon, authenticated;
grant execute on function public.lb_league_close(text, text) to service_role;
revoke execute on function public.lb_cohort_members(text, text, integer) from public, anon, authenticated;
grant execute on function public.lb_cohort_members(text, text, integer) to service_role;
