-- One lock order for every writer of a board (docs/architecture.md, "Lock order").
--
-- Since 20261203010000 a write took the board's shared advisory lock only when it added an entry,
-- at that point: after the entries (a batch) or the membership row and the board row's key-share
-- lock (a board with rules) it had already locked. lb_board_delete takes the same lock exclusively
-- and then locks the board row and deletes the board's rows, so a deletion that began in between
-- waited for a row the write held while the write waited for the deletion's lock: a deadlock,
-- which PostgreSQL breaks after deadlock_timeout by aborting one of them (SQLSTATE 40P01, a 5xx
-- from the gateway, 'unavailable' from the origin).
--
-- lb_write now takes the shared lock first, before its read and any row lock. Every path then
-- locks in one order: the idempotency key (lb_submit, lb_submit_batch_once), the board (shared;
-- exclusive in lb_board_delete), then rows: the membership, the entries in player order, the
-- stored answer. A request with a key already took the board lock before lb_write (lb_submit), so
-- the API's writes, which all carry a key, take no more locks than before; a call without one takes
-- one shared advisory lock per transaction (in memory, no WAL; a batch's later items find it held).
-- The body is otherwise 20261203010000's.

create or replace function public.lb_write(
  p_board text, p_player text, p_score bigint, p_metadata jsonb, p_now timestamptz, p_idempotency_key text, p_principal text
) returns jsonb
language plpgsql as $$
declare
  w        record;
  v_seq    bigint;
  v_member jsonb;
  v_res    jsonb;
begin
  -- The board's shared lock before any row lock (docs/architecture.md, "Lock order"): a deletion
  -- of the board, which holds it exclusively while it locks the board's rows, is waited for here
  -- and never by a write that already holds one of those rows. A batch's later items find it held.
  perform pg_advisory_xact_lock_shared(hashtextextended('board:' || p_board, 19));
  loop
    -- 1. Everything the write decides, in one statement: the board, the period, the entry as last
    --    committed, the player's moderation on this board, and what the operator makes of it.
    select bd.sort, bd.operator, bd.min_score, bd.max_score, bd.has_rules, bd.starts_at, bd.ends_at, k.period,
           e.player_id is not null as found, e.seq as old_seq, case when e.player_id is not null then public.lb_entry_json(e) end as old_json,
           coalesce(mo.banned, false) as banned, coalesce(mo.hidden, false) as hidden,
           n.score, case when bd.sort = 'desc' then -n.score else n.score end as rank_score,
           case when e.player_id is null or n.score <> e.score then p_now else e.achieved_at end as achieved_at,
           coalesce(p_metadata, e.metadata) as metadata,
           c.checked, abs(c.checked) > 9007199254740991 as out_of_range,
           coalesce(c.checked < bd.min_score, false) or coalesce(c.checked > bd.max_score, false) as out_of_bounds,
           coalesce(e.player_id is not null and n.score = e.score and (p_metadata is null or p_metadata = e.metadata), false) as unchanged
      into w
      from public.boards bd
      cross join lateral (select public.lb_period_key(bd.reset, p_now) as period) k
      left join public.entries e on e.board_id = bd.id and e.period = k.period and e.player_id = p_player
      cross join lateral (select case bd.operator
          when 'best' then case
            when e.player_id is null then p_score
            when bd.sort = 'desc' then greatest(e.score, p_score)
            else least(e.score, p_score) end
          when 'latest' then p_score
          when 'increment' then coalesce(e.score, 0) + p_score
          else coalesce(e.score, 0) - p_score end as score) n
      -- best and latest check the submitted score; increment and decrement check the result.
      cross join lateral (select case when bd.operator in ('best', 'latest') then p_score else n.score end as checked) c
      left join lateral (select bool_or(m.action = 'ban') as banned, bool_or(m.action <> 'ban') as hidden
                         from public.moderation m where m.player_id = p_player and m.scope in (p_board, '*')) mo on true
     where bd.id = p_board;
    if not found then perform public.lb_fail('board_not_found', jsonb_build_object('board', p_board)); end if;

    if w.has_rules and v_member is null then
      -- Every submission to a rules board is an attempt, changed or not: the window applies to all.
      if w.starts_at is not null or w.ends_at is not null then perform public.lb_check_window(p_board, w.starts_at, w.ends_at, p_now); end if;
      v_member := public.lb_rules_attempt(p_board, w.period, p_player, p_now);
    end if;
    if w.out_of_range then
      perform public.lb_fail('out_of_range', jsonb_build_object('playerId', p_player, 'score', w.checked::text));
    end if;
    if w.out_of_bounds then
      perform public.lb_fail('out_of_bounds', jsonb_build_object('playerId', p_player, 'result', w.checked,
        'minScore', w.min_score, 'maxScore', w.max_score));
    end if;

    if w.unchanged then
      -- 2a. Unchanged against a committed state: the write takes effect at that state, so it
      --     needs no lock, no log row and no number. Counted instead (a HOT update, no WAL).
      update public.lb_unchanged set n = n + 1 where board_id = p_board and shard = pg_backend_pid() % 64;
      if not found then
        insert into public.lb_unchanged as u (board_id, shard, n) values (p_board, pg_backend_pid() % 64, 1)
        on conflict (board_id, shard) do update set n = u.n + 1;
      end if;
      v_res := jsonb_build_object('seq', w.old_seq, 'period', w.period, 'updated', false, 'entry', w.old_json, 'previous', w.old_json,
                                  'sort', w.sort, 'replayed', false);
      exit;
    end if;

    -- It changes the entry: the window and a ban refuse it.
    if not w.has_rules and (w.starts_at is not null or w.ends_at is not null) then
      perform public.lb_check_window(p_board, w.starts_at, w.ends_at, p_now);
    end if;
    if w.banned then perform public.lb_fail('banned', jsonb_build_object('board', p_board, 'playerId', p_player)); end if;

    -- 2b. The entry and its log row, in one statement. The number is taken by the statement that
    --     writes the row: an update only while the row is still the state read (same seq), so every
    --     earlier write of the entry has committed; an insert holds the new key until it commits.
    if w.found then
      with u as (
        update public.entries set score = w.score, rank_score = w.rank_score, achieved_at = w.achieved_at, metadata = w.metadata,
          seq = nextval('public.lb_write_seq'), updated_at = p_now
        where board_id = p_board and period = w.period and player_id = p_player and seq = w.old_seq
        returning seq)
      insert into public.submissions (board_id, seq, period, player_id, operator, score, result_score, updated,
                                      idempotency_key, principal, submitted_at)
      select p_board, u.seq, w.period, p_player, w.operator, p_score, w.score, true, p_idempotency_key, p_principal, p_now from u
      returning seq into v_seq;
    else
      -- A new entry is added only while the board exists (the shared lock, taken above, keeps
      -- the board's deletion out until this commits).
      with i as (
        insert into public.entries (board_id, period, player_id, score, rank_score, achieved_at, metadata, seq, updated_at, hidden)
        select p_board, w.period, p_player, w.score, w.rank_score, w.achieved_at, w.metadata, nextval('public.lb_write_seq'), p_now, w.hidden
        where exists (select 1 from public.boards where id = p_board)
        on conflict (board_id, period, player_id) do nothing
        returning seq)
      insert into public.submissions (board_id, seq, period, player_id, operator, score, result_score, updated,
                                      idempotency_key, principal, submitted_at)
      select p_board, i.seq, w.period, p_player, w.operator, p_score, w.score, true, p_idempotency_key, p_principal, p_now from i
      returning seq into v_seq;
    end if;
    if v_seq is not null then
      v_res := jsonb_build_object('seq', v_seq, 'period', w.period, 'updated', true,
        'entry', jsonb_build_object('playerId', p_player, 'score', w.score, 'achievedAt', public.lb_iso(w.achieved_at),
          'achievedAtMs', (extract(epoch from w.achieved_at) * 1000)::bigint, 'metadata', w.metadata, 'seq', v_seq),
        'previous', w.old_json, 'sort', w.sort, 'replayed', false);
      exit;
    end if;

    -- Another write of this entry committed since the read (or a first write of it holds its key):
    -- lock the row, which waits for that write's commit, and decide again on its latest state.
    perform 1 from public.entries where board_id = p_board and period = w.period and player_id = p_player for update;
  end loop;
  return case when v_member is null then v_res else v_res || jsonb_build_object('member', v_member) end;
end
$$;
