-- A player's score history (docs/history.md): the writes of one board period that changed their
-- entry, newest first, from the submissions log, keyset-paged on seq.
--
-- The log keeps no rank, and a past rank cannot be rebuilt exactly from it (the log is trimmed by
-- retention, and it would mean replaying the whole period up to each point), so a point is
-- {seq, at, score}. A player hidden or shadowed on the board (docs/moderation.md) gets no points,
-- like the public player view. Erasure (lb_player_delete) already deletes the player's log rows.

-- The log's primary key is (board_id, seq): without this index a player's history, and the
-- erasure's delete, would scan the whole board's log. One more index entry per logged write.
create index submissions_player_history on public.submissions (board_id, player_id, period, seq);

-- {hidden, entry: whether the player has an entry in the period, points: [{seq, at, score}]}:
-- at most p_limit points (up to 101: a page of 100 and one to tell whether more follow) before
-- seq p_before (null: from the newest).
create function public.lb_player_history(p_board text, p_period text, p_player text, p_before bigint, p_limit integer)
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
      select jsonb_agg(jsonb_build_object('seq', s.seq, 'at', public.lb_iso(s.submitted_at), 'score', s.result_score) order by s.seq desc)
      from (
        select seq, submitted_at, result_score from public.submissions
        where board_id = p_board and player_id = p_player and period = p_period and updated
          and (p_before is null or seq < p_before)
        order by seq desc
        limit least(greatest(p_limit, 1), 101)
      ) s), '[]'::jsonb));
end
$$;

revoke execute on function public.lb_player_history(text, text, text, bigint, integer) from public, anon, authenticated;
grant execute on function public.lb_player_history(text, text, text, bigint, integer) to service_role;
