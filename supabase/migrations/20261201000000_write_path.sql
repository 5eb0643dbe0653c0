-- The write path without a board-wide lock, on top of 20261124000000_periods_sources.sql.
--
-- Until now every write locked its board row (select ... for update) and bumped boards.seq, so
-- the writes of one board committed one after another: one WAL flush each, never grouped.
-- Now (docs/write-path.md has the design and the convergence argument):
--   * sequence numbers come from one sequence object, lb_write_seq, taken while the entry's
--     row is locked, so the writes of one entry get increasing numbers in commit order;
--   * nothing on the write path updates the board row or takes a lock on it that another write
--     waits for (a new entry's foreign key check takes FOR KEY SHARE, which writers share);
--   * the log (submissions) has no foreign key to boards, so a logged write locks nothing there;
--   * a write that changes nothing takes no lock, writes no log row and takes no number: it is
--     counted in lb_unchanged instead;
--   * idempotency keys are serialised by a transaction advisory lock on the key alone;
--   * batches lock their entries in player order, so two batches cannot deadlock.
-- The board version the edge relies on is kept by the projection (origin/projection), not here.
-- boards.seq is no longer bumped; it stays for compatibility and keeps its last value.

-- It starts above every number handed out so far, so a state written after this upgrade is newer,
-- for the projection's guard, than any state mirrored before it.
-- CACHE 1 (the default) matters: with a per-session cache, numbers would not follow the order
-- in which sessions take them, and the per-entry order argument would not hold.
create sequence public.lb_write_seq as bigint cache 1;
select setval('public.lb_write_seq', greatest(
  (select coalesce(max(seq), 0) from public.submissions),
  (select coalesce(max(seq), 0) from public.entries),
  (select coalesce(max(seq), 0) from public.boards), 1));

-- Writes that changed nothing, counted per board over 64 shards (by backend), so that
-- concurrent unchanged writes do not queue behind one counter row. UNLOGGED: a transaction that
-- writes only unlogged tables writes no WAL, so its commit does not wait for a WAL flush, and an
-- unchanged write costs no fsync. The price: after a crash (not a clean restart) the counts start
-- again from zero. They are statistics; the record is entries and submissions.
create unlogged table public.lb_unchanged (
  board_id text not null,
  shard    smallint not null,
  n        bigint not null,
  primary key (board_id, shard)
) with (fillfactor = 50);
alter table public.lb_unchanged enable row level security;
revoke all on public.lb_unchanged from anon, authenticated;

-- One submission applied to an entry. Locks nothing when the write changes nothing; otherwise
-- locks the entry's row, then takes the next sequence number, then writes the entry and the log.
-- The board row is read, never locked. Returns the submission result (without replayed/sort).
create function public.lb_write(
  p_board text, p_sort text, p_operator text, p_reset text, p_min bigint, p_max bigint,
  p_player text, p_score bigint, p_metadata jsonb, p_now timestamptz, p_idempotency_key text, p_principal text
) returns jsonb
language plpgsql as $$
declare
  v_period  text := public.lb_period_key(p_reset, p_now);
  v_old     public.entries;
  v_found   boolean;
  v_locked  boolean := false;
  v_score   bigint;
  v_checked bigint;
  v_changed boolean;
  v_seq     bigint;
  v_at      timestamptz;
  v_meta    jsonb;
begin
  loop
    if v_locked then
      select * into v_old from public.entries
        where board_id = p_board and period = v_period and player_id = p_player for update;
    else
      select * into v_old from public.entries
        where board_id = p_board and period = v_period and player_id = p_player;
    end if;
    v_found := found;

    v_score := case p_operator
      when 'best' then case
        when not v_found then p_score
        when p_sort = 'desc' then greatest(v_old.score, p_score)
        else least(v_old.score, p_score) end
      when 'latest' then p_score
      when 'increment' then coalesce(v_old.score, 0) + p_score
      else coalesce(v_old.score, 0) - p_score
    end;
    -- best and latest check the submitted score; increment and decrement check the result.
    v_checked := case when p_operator in ('best', 'latest') then p_score else v_score end;
    if abs(v_checked) > 9007199254740991 then
      perform public.lb_fail('out_of_range', jsonb_build_object('playerId', p_player, 'score', v_checked::text));
    end if;
    if (p_min is not null and v_checked < p_min) or (p_max is not null and v_checked > p_max) then
      perform public.lb_fail('out_of_bounds', jsonb_build_object('playerId', p_player, 'result', v_checked,
        'minScore', p_min, 'maxScore', p_max));
    end if;

    v_changed := not v_found or v_score <> v_old.score;
    if not (v_changed or (p_metadata is not null and p_metadata is distinct from v_old.metadata)) then
      -- Unchanged against a committed state: the write takes effect at that state, so it needs
      -- no lock, no log row and no number. Counted instead.
      insert into public.lb_unchanged as u (board_id, shard, n) values (p_board, pg_backend_pid() % 64, 1)
      on conflict (board_id, shard) do update set n = u.n + 1;
      v_meta := public.lb_entry_json(v_old);
      return jsonb_build_object('seq', v_old.seq, 'period', v_period, 'updated', false, 'entry', v_meta, 'previous', v_meta);
    end if;

    if v_found and not v_locked then
      v_locked := true;  -- it changes something: lock the row and decide again on its latest state
      continue;
    end if;

    -- The row is locked (or absent, and our insert below holds its key until we commit): every
    -- earlier write of this entry has committed, so this number is greater than theirs.
    v_seq := nextval('public.lb_write_seq');
    v_at := case when v_changed then p_now else v_old.achieved_at end;
    v_meta := coalesce(p_metadata, v_old.metadata);
    if v_found then
      update public.entries set score = v_score, rank_score = case when p_sort = 'desc' then -v_score else v_score end,
        achieved_at = v_at, metadata = v_meta, seq = v_seq, updated_at = p_now
      where board_id = p_board and period = v_period and player_id = p_player;
    else
      insert into public.entries (board_id, period, player_id, score, rank_score, achieved_at, metadata, seq, updated_at)
      values (p_board, v_period, p_player, v_score, case when p_sort = 'desc' then -v_score else v_score end,
              v_at, v_meta, v_seq, p_now)
      on conflict (board_id, period, player_id) do nothing;
      if not found then
        v_locked := true;  -- a concurrent first write of this entry committed first: start again on its row
        continue;
      end if;
    end if;
    exit;
  end loop;

  insert into public.submissions (board_id, seq, period, player_id, operator, score, result_score, updated,
                                  idempotency_key, principal, submitted_at)
  values (p_board, v_seq, v_period, p_player, p_operator, p_score, v_score, true, p_idempotency_key, p_principal, p_now);

  return jsonb_build_object('seq', v_seq, 'period', v_period, 'updated', true,
    'entry', jsonb_build_object('playerId', p_player, 'score', v_score, 'achievedAt', public.lb_iso(v_at),
      'achievedAtMs', (extract(epoch from v_at) * 1000)::bigint, 'metadata', v_meta, 'seq', v_seq),
    'previous', case when v_found then public.lb_entry_json(v_old) end);
end
$$;

-- Submits one score. Idempotent per (board, principal, key): a replay with the same body
-- returns the stored result with "replayed": true; a different body raises idempotency_conflict.
-- Two requests with the same key are serialised by an advisory lock on that key alone.
create or replace function public.lb_submit(
  p_board text, p_player text, p_score bigint, p_metadata jsonb default null,
  p_idempotency_key text default null, p_principal text default '', p_now timestamptz default null
) returns jsonb
language plpgsql security definer set search_path = public as $$
declare
  b       record;
  v_prin  text := coalesce(p_principal, '');
  v_hash  text;
  v_prior public.idempotency;
  v_res   jsonb;
begin
  select sort, operator, reset, min_score, max_score into b from public.boards where id = p_board;
  if not found then perform public.lb_fail('board_not_found', jsonb_build_object('board', p_board)); end if;

  if p_idempotency_key is not null then
    perform pg_advisory_xact_lock(hashtextextended(p_board || '/' || v_prin || '/' || p_idempotency_key, 19));
    v_hash := md5(jsonb_build_object('playerId', p_player, 'score', p_score, 'metadata', p_metadata)::text);
    select * into v_prior from public.idempotency
      where board_id = p_board and principal = v_prin and key = p_idempotency_key;
    if found then
      if v_prior.request_hash <> v_hash then
        perform public.lb_fail('idempotency_conflict', jsonb_build_object('key', p_idempotency_key));
      end if;
      return v_prior.response || jsonb_build_object('replayed', true, 'sort', b.sort);
    end if;
  end if;

  v_res := public.lb_write(p_board, b.sort, b.operator, b.reset, b.min_score, b.max_score, p_player, p_score, p_metadata,
                           date_trunc('milliseconds', coalesce(p_now, clock_timestamp())), p_idempotency_key, v_prin);

  if p_idempotency_key is not null then
    insert into public.idempotency (board_id, principal, key, request_hash, player_id, response)
    values (p_board, v_prin, p_idempotency_key, v_hash, p_player, v_res);
  end if;
  return v_res || jsonb_build_object('replayed', false, 'sort', b.sort);
end
$$;

-- Submits many scores in one transaction: all apply, or (on the first error) none do. Entries
-- are written in player order (a player's own submissions keep their order), so concurrent
-- batches lock rows in one order and cannot deadlock; results come back in input order.
create or replace function public.lb_submit_batch(
  p_board text, p_entries jsonb, p_principal text default '', p_now timestamptz default null
) returns jsonb
language plpgsql security definer set search_path = public as $$
declare
  b      record;
  v_now  timestamptz := date_trunc('milliseconds', coalesce(p_now, clock_timestamp()));
  v_item record;
  v_res  jsonb[] := '{}';
begin
  select sort, operator, reset, min_score, max_score into b from public.boards where id = p_board;
  if not found then perform public.lb_fail('board_not_found', jsonb_build_object('board', p_board)); end if;
  for v_item in select value, ord from jsonb_array_elements(p_entries) with ordinality as t(value, ord)
                order by value->>'playerId' collate "C", ord loop
    v_res[v_item.ord::integer] := public.lb_write(p_board, b.sort, b.operator, b.reset, b.min_score, b.max_score,
      v_item.value->>'playerId', (v_item.value->>'score')::bigint, nullif(v_item.value->'metadata', 'null'::jsonb),
      v_now, null, coalesce(p_principal, ''));
  end loop;
  return jsonb_build_object('sort', b.sort, 'results', coalesce(to_jsonb(v_res), '[]'::jsonb));
end
$$;

-- Erases a player from every period of a board. No longer bumps boards.seq: the projection's
-- version moves when the erased periods are rebuilt.
create or replace function public.lb_player_delete(p_board text, p_player text) returns jsonb
language plpgsql security definer set search_path = public as $$
declare
  v_periods jsonb;
  v_entries integer;
  v_subs    integer;
begin
  perform 1 from public.boards where id = p_board;
  if not found then perform public.lb_fail('board_not_found', jsonb_build_object('board', p_board)); end if;
  select coalesce(jsonb_agg(period), '[]') into v_periods from public.entries where board_id = p_board and player_id = p_player;
  delete from public.entries where board_id = p_board and player_id = p_player;
  get diagnostics v_entries = row_count;
  delete from public.submissions where board_id = p_board and player_id = p_player;
  get diagnostics v_subs = row_count;
  delete from public.idempotency where board_id = p_board and player_id = p_player;
  insert into public.audit_log (action, board_id, detail)
  values ('player_deleted', p_board, jsonb_build_object('entries', v_entries, 'submissions', v_subs));
  return jsonb_build_object('periods', v_periods, 'entries', v_entries);
end
$$;

-- The log's foreign key to boards made every logged write take a FOR KEY SHARE lock on its
-- board's row: on a hot board, a new MultiXact (and WAL for it) per write. A log row is always
-- written together with its entry, whose foreign key already covers a new entry, and an existing
-- entry belongs to a board that exists; deleting a board now deletes its log explicitly, after the
-- board row (see lb_board_delete), so a write that committed meanwhile is deleted too.
alter table public.submissions drop constraint submissions_board_id_fkey;

-- Deletes a board and everything under it, its log and unchanged-write counters included. The
-- log goes after the board row: that delete waits for writes that hold one of the board's
-- entries, so their log rows are committed, and visible to the next statement, by then.
create or replace function public.lb_board_delete(p_id text) returns jsonb
language plpgsql security definer set search_path = public as $$
declare
  v_periods jsonb;
begin
  perform 1 from public.boards where id = p_id for update;
  if not found then perform public.lb_fail('board_not_found', jsonb_build_object('board', p_id)); end if;
  select coalesce(jsonb_agg(distinct period), '[]') into v_periods from public.entries where board_id = p_id;
  delete from public.boards where id = p_id;
  delete from public.submissions where board_id = p_id;
  delete from public.lb_unchanged where board_id = p_id;
  return jsonb_build_object('periods', v_periods);
end
$$;

-- Write counts of a board: submissions logged (changed an entry) and unchanged writes counted.
create function public.lb_write_stats(p_board text) returns jsonb
language sql stable security definer set search_path = public as $$
  select jsonb_build_object(
    'logged', (select count(*) from public.submissions where board_id = p_board),
    'unchanged', (select coalesce(sum(n), 0) from public.lb_unchanged where board_id = p_board))
$$;

-- Retention of the submissions log: deletes a board's log rows submitted before p_before, at
-- most p_limit at a time (call again until it returns 0). The entries keep their state and seq.
create function public.lb_submissions_trim(p_before timestamptz, p_limit integer default 10000) returns integer
language sql security definer set search_path = public as $$
  with gone as (
    delete from public.submissions s using (
      select board_id, seq from public.submissions where submitted_at < p_before limit p_limit) o
    where s.board_id = o.board_id and s.seq = o.seq
    returning 1)
  select count(*)::integer from gone
$$;

-- lb_write replaces it.
drop function public.lb_apply(public.boards, text, bigint, jsonb, timestamptz, bigint, text, text);

revoke execute on function public.lb_write(text, text, text, text, bigint, bigint, text, bigint, jsonb, timestamptz, text, text),
  public.lb_write_stats(text), public.lb_submissions_trim(timestamptz, integer)
  from public, anon, authenticated;
grant execute on function public.lb_write(text, text, text, text, bigint, bigint, text, bigint, jsonb, timestamptz, text, text),
  public.lb_write_stats(text), public.lb_submissions_trim(timestamptz, integer)
  to service_role;
-- lb_write_seq is used only inside the SECURITY DEFINER functions, as their owner: no grant.
revoke all on sequence public.lb_write_seq from public, anon, authenticated;
