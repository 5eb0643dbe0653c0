-- The lean record: fewer statements, fewer row versions and less jsonb per write, on top of
-- 20261201000000_write_path.sql and the migrations after it. docs/write-path.md ("Where a write's
-- Postgres time goes") has the measurements behind each change.
--
-- Every guarantee stays, each now kept by the one write function (lb_write):
--   * one statement reads the board row, the period, the entry, the player's moderation on the
--     board, and computes what the operator makes of the submission;
--   * a changing write is one more statement: the entry's update (or insert) and its log row, in
--     one data-modifying CTE; the update applies only while the entry is as read (same seq), and
--     an entry that another write changed meanwhile is locked and decided again on its latest
--     state, so the numbers of one entry still follow the commit order (docs/write-path.md);
--   * an unchanged write is that read plus the counter: a plain HOT update of an unlogged row;
--   * the open window (startsAt/endsAt) and `ban` are checked from the row already read, where
--     triggers on the log ran a statement each (the same writes are refused: those that change an
--     entry, and every attempt on a board with rules);
--   * `hidden` is set by the insert from the moderation already read; an update keeps it, since
--     lb_moderation_change re-marks every entry a moderation change concerns, and the trigger that
--     recomputed it now runs only for those updates (`update of hidden`);
--   * a new entry and a stored idempotent answer take a shared advisory lock on their board instead
--     of the foreign keys' row lock (below), and board deletion takes it exclusively;
--   * the answer is built once, with `sort` and `replayed`, and stored as it is under an
--     idempotency key.

-- Helpers called on every write, made cheap to call. A SQL function that the planner does not
-- inline is parsed and planned again on every call (PostgreSQL caches no plan for it). lb_iso and
-- lb_entry_json were not inlined because they are declared immutable while to_char and extract on
-- a timestamptz are stable; lb_period_key also because a schedule's key is a subquery. Declared
-- stable, as their bodies are, with the schedule's key behind a function of its own, all three are
-- inlined into the statement that calls them: a board's period key is a CASE in the write's read.
alter function public.lb_iso(timestamptz) stable;
alter function public.lb_entry_json(public.entries) stable;

-- The period key of a schedule reset (lb_schedule_parts); null when p_reset is not one.
create function public.lb_schedule_key(p_reset text, p_at timestamptz) returns text
language sql stable as $$
  select public.lb_schedule_period_key(r.m[1]::integer, r.m[2], r.m[3]::timestamp, r.m[4], p_at)
  from public.lb_schedule_parts(p_reset) as r(m)
$$;

-- As in 20261202020000_period_results_webhooks.sql; the same rules as core/periods.ts.
create or replace function public.lb_period_key(p_reset text, p_at timestamptz) returns text
language sql stable as $$
  select case p_reset
    when 'never' then 'all'
    when 'daily' then to_char(p_at at time zone 'UTC', 'YYYY-MM-DD')
    when 'weekly' then to_char(p_at at time zone 'UTC', 'IYYY-"W"IW')
    when 'monthly' then to_char(p_at at time zone 'UTC', 'YYYY-MM')
    else public.lb_schedule_key(p_reset, p_at)
  end
$$;

-- The triggers whose checks lb_write now makes.
drop trigger submissions_ban on public.submissions;
drop trigger submissions_open_window on public.submissions;
drop function public.lb_check_ban();
drop function public.lb_check_open_window();
drop trigger entries_hidden on public.entries;
create trigger entries_hidden before update of hidden on public.entries
  for each row execute function public.lb_entries_hidden();

-- A rules board's attempt (docs/tournaments.md): the membership (joining on a first submission
-- unless joinRequired), locked for the rest of the transaction so that one player's submissions
-- are counted one at a time, and the attempt cap. Returns the membership after this attempt.
create function public.lb_rules_attempt(p_board text, p_period text, p_player text, p_now timestamptz) returns jsonb
language plpgsql as $$
declare
  r public.lb_board_rules;
  m public.lb_members;
  j record;
begin
  select * into r from public.lb_board_rules where board_id = p_board;
  select * into m from public.lb_members where board_id = p_board and period = p_period and player_id = p_player for update;
  if not found then
    if r.join_required then
      perform public.lb_fail('not_joined', jsonb_build_object('board', p_board, 'playerId', p_player, 'period', p_period));
    end if;
    j := public.lb_member_join(p_board, p_period, p_player, '', p_now, r);
    select * into m from public.lb_members where board_id = p_board and period = p_period and player_id = p_player for update;
  end if;
  if r.max_attempts is not null and m.attempts >= r.max_attempts then
    perform public.lb_fail('attempts_exhausted', jsonb_build_object('board', p_board, 'playerId', p_player, 'period', p_period,
      'maxAttempts', r.max_attempts, 'attemptsUsed', m.attempts));
  end if;
  update public.lb_members set attempts = attempts + 1
    where board_id = p_board and period = p_period and player_id = p_player returning * into m;
  return public.lb_member_json(m, r);
end
$$;

-- One submission applied to an entry: the single, batch and rules paths all write through it.
-- Returns the submission result ({seq, period, updated, entry, previous, sort, replayed: false},
-- and `member` on a board with rules).
create function public.lb_write(
  p_board text, p_player text, p_score bigint, p_metadata jsonb, p_now timestamptz, p_idempotency_key text, p_principal text
) returns jsonb
language plpgsql as $$
declare
  w        record;
  v_seq    bigint;
  v_member jsonb;
  v_res    jsonb;
begin
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
      -- A new entry keeps the board's deletion out until it commits (lb_board_delete), and is
      -- added only while the board exists.
      perform pg_advisory_xact_lock_shared(hashtextextended('board:' || p_board, 19));
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

-- The open window: a write stamped before the board's starts_at raises not_open, one at or after
-- its ends_at raises closed (the whole transaction rolls back, so a batch writes nothing).
create function public.lb_check_window(p_board text, p_starts timestamptz, p_ends timestamptz, p_now timestamptz) returns void
language plpgsql as $$
begin
  if p_starts is not null and p_now < p_starts then
    perform public.lb_fail('not_open', jsonb_build_object('board', p_board, 'startsAt', public.lb_iso(p_starts)));
  end if;
  if p_ends is not null and p_now >= p_ends then
    perform public.lb_fail('closed', jsonb_build_object('board', p_board, 'endsAt', public.lb_iso(p_ends)));
  end if;
end
$$;

-- Submits one score. Without an idempotency key it is one call of lb_write. With one, it is
-- applied once per (board, principal, key): a replay with the same body returns the stored result
-- with "replayed": true, a different body raises idempotency_conflict; two requests with the same
-- key are serialised by an advisory lock on that key alone.
create or replace function public.lb_submit(
  p_board text, p_player text, p_score bigint, p_metadata jsonb default null,
  p_idempotency_key text default null, p_principal text default '', p_now timestamptz default null
) returns jsonb
language plpgsql security definer set search_path = public as $$
declare
  v_prin  text := coalesce(p_principal, '');
  v_now   timestamptz := date_trunc('milliseconds', coalesce(p_now, clock_timestamp()));
  v_hash  text;
  v_prior public.idempotency;
  v_res   jsonb;
begin
  if p_idempotency_key is null then
    return public.lb_write(p_board, p_player, p_score, p_metadata, v_now, null, v_prin);
  end if;

  perform pg_advisory_xact_lock(hashtextextended(p_board || '/' || v_prin || '/' || p_idempotency_key, 19));
  -- The stored answer keeps the board's deletion out until it commits, as a new entry does.
  perform pg_advisory_xact_lock_shared(hashtextextended('board:' || p_board, 19));
  v_hash := md5(jsonb_build_object('playerId', p_player, 'score', p_score, 'metadata', p_metadata)::text);
  select * into v_prior from public.idempotency
    where board_id = p_board and principal = v_prin and key = p_idempotency_key;
  if found then
    if v_prior.request_hash <> v_hash then
      perform public.lb_fail('idempotency_conflict', jsonb_build_object('key', p_idempotency_key));
    end if;
    -- Answers stored before this migration carry no sort.
    return v_prior.response || jsonb_build_object('replayed', true,
      'sort', coalesce(v_prior.response->'sort', (select to_jsonb(sort) from public.boards where id = p_board)));
  end if;

  v_res := public.lb_write(p_board, p_player, p_score, p_metadata, v_now, p_idempotency_key, v_prin);
  insert into public.idempotency (board_id, principal, key, request_hash, player_id, response)
  values (p_board, v_prin, p_idempotency_key, v_hash, p_player, v_res);
  return v_res;
end
$$;

-- Submits many scores in one transaction: all apply, or (on the first error) none do. Entries
-- are written in player order (a player's own submissions keep their order), so concurrent
-- batches lock rows in one order and cannot deadlock; results come back in input order. Boards
-- with rules refuse batches: every submission there is a counted attempt of a member.
create or replace function public.lb_submit_batch(
  p_board text, p_entries jsonb, p_principal text default '', p_now timestamptz default null
) returns jsonb
language plpgsql security definer set search_path = public as $$
declare
  b      record;
  v_now  timestamptz := date_trunc('milliseconds', coalesce(p_now, clock_timestamp()));
  v_prin text := coalesce(p_principal, '');
  v_item record;
  v_res  jsonb[] := '{}';
begin
  select sort, has_rules into b from public.boards where id = p_board;
  if not found then perform public.lb_fail('board_not_found', jsonb_build_object('board', p_board)); end if;
  if b.has_rules then
    perform public.lb_fail('board_conflict', jsonb_build_object('reason', 'a board with entry rules takes single submissions only'));
  end if;
  for v_item in select value, ord from jsonb_array_elements(p_entries) with ordinality as t(value, ord)
                order by value->>'playerId' collate "C", ord loop
    v_res[v_item.ord::integer] := public.lb_write(p_board, v_item.value->>'playerId', (v_item.value->>'score')::bigint,
      nullif(v_item.value->'metadata', 'null'::jsonb), v_now, null, v_prin);
  end loop;
  return jsonb_build_object('sort', b.sort, 'results', coalesce(to_jsonb(v_res), '[]'::jsonb));
end
$$;

-- The foreign key from entries to boards made every new entry lock its board's row (FOR KEY
-- SHARE): on a hot board, concurrent first writes shared that lock through a new MultiXact each,
-- with WAL for the lock and the MultiXact, and every one of them changed the board row's page. A
-- new entry now takes a shared advisory lock on its board instead (in memory, no WAL) and checks
-- that the board exists; deleting a board takes that lock exclusively, so it waits for the writes
-- adding entries to it and keeps new ones out, then deletes the entries explicitly, after the
-- board row: a write that holds an existing entry has committed by then (its row lock), and so
-- has its log row.
alter table public.entries drop constraint entries_board_id_fkey;
-- The same for the answer stored under an idempotency key (every write through the edge has one).
alter table public.idempotency drop constraint idempotency_board_id_fkey;

create or replace function public.lb_board_delete(p_id text) returns jsonb
language plpgsql security definer set search_path = public as $$
declare
  v_periods jsonb;
begin
  perform pg_advisory_xact_lock(hashtextextended('board:' || p_id, 19));
  perform 1 from public.boards where id = p_id for update;
  if not found then perform public.lb_fail('board_not_found', jsonb_build_object('board', p_id)); end if;
  select coalesce(jsonb_agg(distinct period), '[]') into v_periods from public.entries where board_id = p_id;
  delete from public.boards where id = p_id;
  delete from public.entries where board_id = p_id;
  delete from public.idempotency where board_id = p_id;
  delete from public.submissions where board_id = p_id;
  delete from public.lb_unchanged where board_id = p_id;
  return jsonb_build_object('periods', v_periods);
end
$$;

-- lb_write and lb_rules_attempt replace them.
drop function public.lb_rules_write(text, text, text, text, bigint, bigint, text, bigint, jsonb, timestamptz, text, text);
drop function public.lb_write(text, text, text, text, bigint, bigint, text, bigint, jsonb, timestamptz, text, text);

-- Retention of the submissions log (docs/write-path.md): lb_submissions_trim deletes rows by
-- submitted_at. The log is appended in time order, so a BRIN index finds the old rows in a few
-- block ranges; it costs a write next to nothing (new rows land in a range not summarised yet).
create index submissions_submitted_at on public.submissions using brin (submitted_at);

revoke execute on function public.lb_write(text, text, bigint, jsonb, timestamptz, text, text),
  public.lb_rules_attempt(text, text, text, timestamptz), public.lb_check_window(text, timestamptz, timestamptz, timestamptz),
  public.lb_schedule_key(text, timestamptz)
  from public, anon, authenticated;
grant execute on function public.lb_write(text, text, bigint, jsonb, timestamptz, text, text),
  public.lb_rules_attempt(text, text, text, timestamptz), public.lb_check_window(text, timestamptz, timestamptz, timestamptz),
  public.lb_schedule_key(text, timestamptz)
  to service_role;
