-- A player's rank in their history (docs/history.md "Ranks"): each logged write's rank, copied
-- from the projection's live stream by the every-minute rollover task, never by the write itself.
--
-- The projection's APPLY script knows the entry's position after each write and appends it, with
-- the write's seq, to the period's capped live stream (docs/live.md). The rollover task reads the
-- events it has not read yet and writes their ranks here in one statement per period batch.
-- A row whose event was trimmed from the stream before the task read it, whose mirror failed, that
-- was written by a batch before its period was ready, or that belongs to a cold period keeps a
-- null rank. A nullable column without a default or a check neither rewrites nor scans the log.

alter table public.submissions add column rank integer;

-- Fills the ranks of the given writes of one board period (p_seqs[i] has p_ranks[i]), only where
-- the row has none yet, so a batch read twice (two runs, a lost position) changes nothing.
-- When the stream lost events (p_gap_to not null: the first event read says the period moved from
-- p_gap_after to p_gap_to without the events in between), also counts the changing writes with a
-- seq in that range that still have no rank: those the history will show without one.
-- {filled, missed}.
create function public.lb_history_ranks(p_board text, p_period text, p_seqs bigint[], p_ranks integer[], p_gap_after bigint default null, p_gap_to bigint default null)
returns jsonb
language plpgsql volatile security definer set search_path = public as $$
declare
  v_filled integer := 0;
  v_missed integer := 0;
begin
  if coalesce(array_length(p_seqs, 1), 0) <> coalesce(array_length(p_ranks, 1), 0) then
    raise exception 'seqs and ranks differ in length' using errcode = '22023';
  end if;
  update public.submissions s set rank = u.rank
  from unnest(p_seqs, p_ranks) as u(seq, rank)
  where s.board_id = p_board and s.seq = u.seq and s.period = p_period and s.updated
    and s.rank is null and u.rank > 0;
  get diagnostics v_filled = row_count;
  if p_gap_to is not null then
    select count(*) into v_missed from public.submissions
    where board_id = p_board and seq > coalesce(p_gap_after, 0) and seq <= p_gap_to
      and period = p_period and updated and rank is null;
  end if;
  return jsonb_build_object('filled', v_filled, 'missed', v_missed);
end
$$;

revoke execute on function public.lb_history_ranks(text, text, bigint[], integer[], bigint, bigint) from public, anon, authenticated;
grant execute on function public.lb_history_ranks(text, text, bigint[], integer[], bigint, bigint) to service_role;

-- The history's points carry the rank (null when none was recorded), otherwise as before
-- (20261203040000_player_history.sql).
create or replace function public.lb_player_history(p_board text, p_period text, p_player text, p_before bigint, p_limit integer)
returns jsonb
language plpgsql stable security definer set search_path = public as $$
begin
  if public.lb_is_hidden(p_board, p_player) then
    return jsonb_build_object('hidden', true, 'entry', false, 'points', '[]'::jsonb);
  end if;
  return jsonb_build_object(
    'hidden', false,
    'entry', exists (select 1 from public.entries e where e.board_id = p_board and e.period = p_period and e.player_id = p_player),
    'points', coalesce((
      select jsonb_agg(jsonb_build_object('seq', s.seq, 'at', public.lb_iso(s.submitted_at), 'score', s.result_score, 'rank', s.rank) order by s.seq desc)
      from (
        select seq, submitted_at, result_score, rank from public.submissions
        where board_id = p_board and player_id = p_player and period = p_period and updated
          and (p_before is null or seq < p_before)
        order by seq desc
        limit least(greatest(p_limit, 1), 101)
      ) s), '[]'::jsonb));
end
$$;

revoke execute on function public.lb_player_history(text, text, text, bigint, integer) from public, anon, authenticated;
grant execute on function public.lb_player_history(text, text, text, bigint, integer) to service_role;
