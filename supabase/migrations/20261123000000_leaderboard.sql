-- Leaderboard system of record.
--
-- Every write is one SQL function call = one transaction, made by the origin through
-- supabase.rpc(). The functions apply the operator, bounds and idempotency, append to the
-- submissions log and return what the origin needs to mirror the entry into Valkey.
-- Tables have RLS enabled and no policies: anon and authenticated can read nothing. The
-- functions are SECURITY DEFINER and executable only by service_role.

create table public.boards (
  id            text primary key check (id ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
  name          text not null,
  sort          text not null check (sort in ('desc', 'asc')),
  operator      text not null check (operator in ('best', 'latest', 'increment', 'decrement')),
  reset         text not null check (reset in ('never', 'daily', 'weekly', 'monthly')),
  writers       text not null check (writers in ('server', 'players')),
  min_score     bigint,
  max_score     bigint,
  cache_seconds integer not null default 5 check (cache_seconds between 1 and 3600),
  seq           bigint not null default 0,  -- last per-board sequence number handed out
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now()
);

-- One row per player per board period. rank_score is score for `asc` boards and -score for
-- `desc` boards (sort can't change once a board has entries), so one index serves rank order
-- for both: (rank_score, achieved_at, player_id) ascending is rank order.
create table public.entries (
  board_id    text not null references public.boards (id) on delete cascade,
  period      text not null,
  player_id   text not null,
  score       bigint not null,
  rank_score  bigint not null,
  achieved_at timestamptz not null,
  metadata    jsonb,
  seq         bigint not null,
  updated_at  timestamptz not null,
  primary key (board_id, period, player_id)
);
create index entries_rank_order on public.entries (board_id, period, rank_score, achieved_at, player_id);

-- Append-only log: one row per accepted submission, in per-board sequence order.
create table public.submissions (
  board_id        text not null references public.boards (id) on delete cascade,
  seq             bigint not null,
  period          text not null,
  player_id       text not null,
  operator        text not null,
  score           bigint not null,        -- as submitted
  result_score    bigint not null,        -- the entry's score after this submission
  updated         boolean not null,
  idempotency_key text,
  principal       text,
  submitted_at    timestamptz not null,
  primary key (board_id, seq)
);

create table public.idempotency (
  board_id     text not null references public.boards (id) on delete cascade,
  principal    text not null,
  key          text not null,
  request_hash text not null,
  player_id    text not null,
  response     jsonb not null,
  created_at   timestamptz not null default now(),
  primary key (board_id, principal, key)
);

-- Board periods whose Valkey projection must be rebuilt (a mirror failed after commit).
create table public.projection_repairs (
  board_id     text not null references public.boards (id) on delete cascade,
  period       text not null,
  requested_at timestamptz not null default now(),
  primary key (board_id, period)
);

-- Erasure audit: what was done, never the erased data.
create table public.audit_log (
  id         bigint generated always as identity primary key,
  at         timestamptz not null default now(),
  action     text not null,
  board_id   text not null,
  detail     jsonb not null default '{}'
);

alter table public.boards enable row level security;
alter table public.entries enable row level security;
alter table public.submissions enable row level security;
alter table public.idempotency enable row level security;
alter table public.projection_repairs enable row level security;
alter table public.audit_log enable row level security;
revoke all on all tables in schema public from anon, authenticated;

-- ---------------------------------------------------------------------------------------
-- Helpers

-- Period key of a board reset at an instant; the same rules as core/periods.ts.
create function public.lb_period_key(p_reset text, p_at timestamptz) returns text
language sql immutable as $$
  select case p_reset
    when 'never' then 'all'
    when 'daily' then to_char(p_at at time zone 'UTC', 'YYYY-MM-DD')
    when 'weekly' then to_char(p_at at time zone 'UTC', 'IYYY-"W"IW')
    when 'monthly' then to_char(p_at at time zone 'UTC', 'YYYY-MM')
  end
$$;

create function public.lb_iso(p_at timestamptz) returns text
language sql immutable as $$
  select to_char(p_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

create function public.lb_entry_json(e public.entries) returns jsonb
language sql immutable as $$
  select jsonb_build_object(
    'playerId', e.player_id,
    'score', e.score,
    'achievedAt', public.lb_iso(e.achieved_at),
    'achievedAtMs', (extract(epoch from e.achieved_at) * 1000)::bigint,
    'metadata', e.metadata,
    'seq', e.seq)
$$;

create function public.lb_board_json(b public.boards) returns jsonb
language sql immutable as $$
  select jsonb_build_object(
    'id', b.id, 'name', b.name, 'sort', b.sort, 'operator', b.operator, 'reset', b.reset,
    'writers', b.writers, 'minScore', b.min_score, 'maxScore', b.max_score,
    'cacheSeconds', b.cache_seconds, 'seq', b.seq,
    -- Distinguishes a re-created board from an earlier one with the same id (projection keys use it).
    'incarnation', (extract(epoch from b.created_at) * 1000000)::bigint)
$$;

-- Raises an error the origin maps to the API: message = API error code, detail = JSON.
create function public.lb_fail(p_code text, p_detail jsonb default '{}') returns void
language plpgsql as $$
begin
  raise exception using errcode = 'P0001', message = p_code, detail = p_detail::text, hint = 'leaderboard';
end
$$;

-- Applies one score to a board row that the caller has locked. Returns the submission result.
create function public.lb_apply(
  b public.boards, p_player text, p_score bigint, p_metadata jsonb, p_now timestamptz,
  p_seq bigint, p_idempotency_key text, p_principal text
) returns jsonb
language plpgsql as $$
declare
  v_period  text := public.lb_period_key(b.reset, p_now);
  v_old     public.entries;
  v_new     public.entries;
  v_found   boolean;
  v_score   bigint;
  v_checked bigint;
  v_changed boolean;
  v_updated boolean;
begin
  select * into v_old from public.entries
    where board_id = b.id and period = v_period and player_id = p_player for update;
  v_found := found;

  v_score := case b.operator
    when 'best' then case
      when not v_found then p_score
      when b.sort = 'desc' then greatest(v_old.score, p_score)
      else least(v_old.score, p_score) end
    when 'latest' then p_score
    when 'increment' then coalesce(v_old.score, 0) + p_score
    else coalesce(v_old.score, 0) - p_score
  end;
  -- best and latest check the submitted score; increment and decrement check the result.
  v_checked := case when b.operator in ('best', 'latest') then p_score else v_score end;
  if abs(v_checked) > 9007199254740991 then
    perform public.lb_fail('out_of_range', jsonb_build_object('playerId', p_player, 'score', v_checked::text));
  end if;
  if (b.min_score is not null and v_checked < b.min_score) or (b.max_score is not null and v_checked > b.max_score) then
    perform public.lb_fail('out_of_bounds', jsonb_build_object('playerId', p_player, 'result', v_checked,
      'minScore', b.min_score, 'maxScore', b.max_score));
  end if;

  v_changed := not v_found or v_score <> v_old.score;
  v_updated := v_changed or (p_metadata is not null and p_metadata is distinct from v_old.metadata);

  if v_updated then
    insert into public.entries as e (board_id, period, player_id, score, rank_score, achieved_at, metadata, seq, updated_at)
    values (b.id, v_period, p_player, v_score, case when b.sort = 'desc' then -v_score else v_score end,
            case when v_changed then p_now else v_old.achieved_at end,
            coalesce(p_metadata, v_old.metadata), p_seq, p_now)
    on conflict (board_id, period, player_id) do update
      set score = excluded.score, rank_score = excluded.rank_score, achieved_at = excluded.achieved_at,
          metadata = excluded.metadata, seq = excluded.seq, updated_at = excluded.updated_at
    returning * into v_new;
  else
    v_new := v_old;
  end if;

  insert into public.submissions (board_id, seq, period, player_id, operator, score, result_score, updated,
                                  idempotency_key, principal, submitted_at)
  values (b.id, p_seq, v_period, p_player, b.operator, p_score, v_score, v_updated, p_idempotency_key, p_principal, p_now);

  return jsonb_build_object(
    'seq', p_seq, 'period', v_period, 'updated', v_updated,
    'entry', public.lb_entry_json(v_new),
    'previous', case when v_found then public.lb_entry_json(v_old) end);
end
$$;

-- ---------------------------------------------------------------------------------------
-- Writes

-- Submits one score. Idempotent per (board, principal, key): a replay with the same body
-- returns the stored result with "replayed": true; a different body raises idempotency_conflict.
create function public.lb_submit(
  p_board text, p_player text, p_score bigint, p_metadata jsonb default null,
  p_idempotency_key text default null, p_principal text default '', p_now timestamptz default null
) returns jsonb
language plpgsql security definer set search_path = public as $$
declare
  b       public.boards;
  v_hash  text;
  v_prior public.idempotency;
  v_res   jsonb;
begin
  select * into b from public.boards where id = p_board for update;
  if not found then perform public.lb_fail('board_not_found', jsonb_build_object('board', p_board)); end if;

  if p_idempotency_key is not null then
    v_hash := md5(jsonb_build_object('playerId', p_player, 'score', p_score, 'metadata', p_metadata)::text);
    select * into v_prior from public.idempotency
      where board_id = p_board and principal = coalesce(p_principal, '') and key = p_idempotency_key;
    if found then
      if v_prior.request_hash <> v_hash then
        perform public.lb_fail('idempotency_conflict', jsonb_build_object('key', p_idempotency_key));
      end if;
      return v_prior.response || jsonb_build_object('replayed', true, 'sort', b.sort);
    end if;
  end if;

  update public.boards set seq = seq + 1 where id = p_board returning * into b;
  v_res := public.lb_apply(b, p_player, p_score, p_metadata,
                           date_trunc('milliseconds', coalesce(p_now, clock_timestamp())),
                           b.seq, p_idempotency_key, coalesce(p_principal, ''));

  if p_idempotency_key is not null then
    insert into public.idempotency (board_id, principal, key, request_hash, player_id, response)
    values (p_board, coalesce(p_principal, ''), p_idempotency_key, v_hash, p_player, v_res);
  end if;
  return v_res || jsonb_build_object('replayed', false, 'sort', b.sort);
end
$$;

-- Submits many scores in one transaction: all apply, or (on the first error) none do.
create function public.lb_submit_batch(
  p_board text, p_entries jsonb, p_principal text default '', p_now timestamptz default null
) returns jsonb
language plpgsql security definer set search_path = public as $$
declare
  b       public.boards;
  v_now   timestamptz := date_trunc('milliseconds', coalesce(p_now, clock_timestamp()));
  v_item  jsonb;
  v_out   jsonb := '[]'::jsonb;
begin
  select * into b from public.boards where id = p_board for update;
  if not found then perform public.lb_fail('board_not_found', jsonb_build_object('board', p_board)); end if;
  for v_item in select value from jsonb_array_elements(p_entries) loop
    update public.boards set seq = seq + 1 where id = p_board returning * into b;
    v_out := v_out || jsonb_build_array(public.lb_apply(b, v_item->>'playerId', (v_item->>'score')::bigint,
      nullif(v_item->'metadata', 'null'::jsonb), v_now, b.seq, null, coalesce(p_principal, '')));
  end loop;
  return jsonb_build_object('sort', b.sort, 'results', v_out);
end
$$;

-- Creates or updates a board. Changing sort, operator or reset once it has entries, or
-- bounds that existing entries would violate, raises board_conflict.
create function public.lb_board_upsert(
  p_id text, p_name text, p_sort text, p_operator text, p_reset text, p_writers text,
  p_min_score bigint default null, p_max_score bigint default null, p_cache_seconds integer default null
) returns jsonb
language plpgsql security definer set search_path = public as $$
declare
  b public.boards;
begin
  select * into b from public.boards where id = p_id for update;
  if not found then
    insert into public.boards (id, name, sort, operator, reset, writers, min_score, max_score, cache_seconds)
    values (p_id, p_name, p_sort, p_operator, p_reset, p_writers, p_min_score, p_max_score, coalesce(p_cache_seconds, 5))
    returning * into b;
    return jsonb_build_object('created', true, 'board', public.lb_board_json(b));
  end if;

  if (b.sort, b.operator, b.reset) is distinct from (p_sort, p_operator, p_reset)
     and exists (select 1 from public.entries where board_id = p_id) then
    perform public.lb_fail('board_conflict', jsonb_build_object('reason', 'sort, operator and reset cannot change while the board has entries'));
  end if;
  if exists (select 1 from public.entries where board_id = p_id
             and ((p_min_score is not null and score < p_min_score) or (p_max_score is not null and score > p_max_score))) then
    perform public.lb_fail('board_conflict', jsonb_build_object('reason', 'existing entries fall outside the new bounds'));
  end if;

  update public.boards set name = p_name, sort = p_sort, operator = p_operator, reset = p_reset, writers = p_writers,
    min_score = p_min_score, max_score = p_max_score, cache_seconds = coalesce(p_cache_seconds, cache_seconds),
    updated_at = now()
  where id = p_id returning * into b;
  return jsonb_build_object('created', false, 'board', public.lb_board_json(b));
end
$$;

-- Deletes a board and everything under it. Returns the periods it had, for the projection.
create function public.lb_board_delete(p_id text) returns jsonb
language plpgsql security definer set search_path = public as $$
declare
  v_periods jsonb;
begin
  perform 1 from public.boards where id = p_id for update;
  if not found then perform public.lb_fail('board_not_found', jsonb_build_object('board', p_id)); end if;
  select coalesce(jsonb_agg(distinct period), '[]') into v_periods from public.entries where board_id = p_id;
  delete from public.boards where id = p_id;
  return jsonb_build_object('periods', v_periods);
end
$$;

-- Erases a player from every period of a board, with an audit record that holds no player data.
create function public.lb_player_delete(p_board text, p_player text) returns jsonb
language plpgsql security definer set search_path = public as $$
declare
  v_periods jsonb;
  v_entries integer;
  v_subs    integer;
begin
  perform 1 from public.boards where id = p_board for update;
  if not found then perform public.lb_fail('board_not_found', jsonb_build_object('board', p_board)); end if;
  select coalesce(jsonb_agg(period), '[]') into v_periods from public.entries where board_id = p_board and player_id = p_player;
  delete from public.entries where board_id = p_board and player_id = p_player;
  get diagnostics v_entries = row_count;
  delete from public.submissions where board_id = p_board and player_id = p_player;
  get diagnostics v_subs = row_count;
  delete from public.idempotency where board_id = p_board and player_id = p_player;
  update public.boards set seq = seq + 1 where id = p_board;
  insert into public.audit_log (action, board_id, detail)
  values ('player_deleted', p_board, jsonb_build_object('entries', v_entries, 'submissions', v_subs));
  return jsonb_build_object('periods', v_periods, 'entries', v_entries);
end
$$;

create function public.lb_repair_request(p_board text, p_period text) returns void
language sql security definer set search_path = public as $$
  insert into public.projection_repairs (board_id, period) values (p_board, p_period)
  on conflict (board_id, period) do update set requested_at = now()
$$;

create function public.lb_repair_list() returns jsonb
language sql stable security definer set search_path = public as $$
  select coalesce(jsonb_agg(jsonb_build_object('board', board_id, 'period', period, 'requestedAt', public.lb_iso(requested_at))), '[]')
  from public.projection_repairs
$$;

create function public.lb_repair_done(p_board text, p_period text, p_before timestamptz) returns void
language sql security definer set search_path = public as $$
  delete from public.projection_repairs where board_id = p_board and period = p_period and requested_at <= p_before
$$;

-- ---------------------------------------------------------------------------------------
-- Reads

create function public.lb_health() returns jsonb
language sql stable security definer set search_path = public as $$
  select jsonb_build_object('ok', true, 'now', public.lb_iso(clock_timestamp()))
$$;

create function public.lb_boards() returns jsonb
language sql stable security definer set search_path = public as $$
  select coalesce(jsonb_agg(public.lb_board_json(b) order by b.id), '[]') from public.boards b
$$;

create function public.lb_board(p_id text) returns jsonb
language sql stable security definer set search_path = public as $$
  select public.lb_board_json(b) from public.boards b where b.id = p_id
$$;

-- One page of a period in rank order, after the entry (p_after_*) that ended the previous page.
-- Used when the Valkey projection cannot answer. Returns {total, entries:[entry + rank]}.
create function public.lb_read_top(
  p_board text, p_period text, p_limit integer,
  p_after_rank_score bigint default null, p_after_ms bigint default null, p_after_player text default null
) returns jsonb
language plpgsql stable security definer set search_path = public as $$
declare
  v_after timestamptz := to_timestamp(p_after_ms / 1000.0);
  v_before bigint := 0;
  v_total bigint;
  v_rows jsonb;
begin
  select count(*) into v_total from public.entries where board_id = p_board and period = p_period;
  if p_after_player is not null then
    select count(*) into v_before from public.entries
      where board_id = p_board and period = p_period
        and (rank_score, achieved_at, player_id) <= (p_after_rank_score, v_after, p_after_player);
  end if;
  select coalesce(jsonb_agg(public.lb_entry_json(t.e) || jsonb_build_object('rank', v_before + t.n) order by t.n), '[]')
  into v_rows
  from (
    select e, row_number() over (order by e.rank_score, e.achieved_at, e.player_id) as n
    from public.entries e
    where e.board_id = p_board and e.period = p_period
      and (p_after_player is null or (e.rank_score, e.achieved_at, e.player_id) > (p_after_rank_score, v_after, p_after_player))
    order by e.rank_score, e.achieved_at, e.player_id
    limit p_limit
  ) t;
  return jsonb_build_object('total', v_total, 'entries', v_rows);
end
$$;

-- The entries of the given players with their ranks, in rank order; missing players left out.
create function public.lb_read_players(p_board text, p_period text, p_players text[]) returns jsonb
language sql stable security definer set search_path = public as $$
  select jsonb_build_object(
    'total', (select count(*) from public.entries where board_id = p_board and period = p_period),
    'entries', coalesce(jsonb_agg(public.lb_entry_json(e) || jsonb_build_object('rank',
        1 + (select count(*) from public.entries o where o.board_id = p_board and o.period = p_period
             and (o.rank_score, o.achieved_at, o.player_id) < (e.rank_score, e.achieved_at, e.player_id)))
      order by e.rank_score, e.achieved_at, e.player_id), '[]'))
  from public.entries e
  where e.board_id = p_board and e.period = p_period and e.player_id = any (p_players)
$$;

-- The player and up to p_radius entries on each side, in rank order; null entries when absent.
create function public.lb_read_around(p_board text, p_period text, p_player text, p_radius integer) returns jsonb
language plpgsql stable security definer set search_path = public as $$
declare
  me public.entries;
  v_rank bigint;
  v_rows jsonb;
begin
  select * into me from public.entries where board_id = p_board and period = p_period and player_id = p_player;
  if not found then return jsonb_build_object('entries', null); end if;
  select 1 + count(*) into v_rank from public.entries o where o.board_id = p_board and o.period = p_period
    and (o.rank_score, o.achieved_at, o.player_id) < (me.rank_score, me.achieved_at, me.player_id);
  select coalesce(jsonb_agg(x.j order by x.r), '[]') into v_rows from (
    select public.lb_entry_json(b.e) || jsonb_build_object('rank', v_rank - b.n) as j, v_rank - b.n as r from (
      select e, row_number() over (order by e.rank_score desc, e.achieved_at desc, e.player_id desc) as n
      from public.entries e where e.board_id = p_board and e.period = p_period
        and (e.rank_score, e.achieved_at, e.player_id) < (me.rank_score, me.achieved_at, me.player_id)
      order by e.rank_score desc, e.achieved_at desc, e.player_id desc limit p_radius) b
    union all
    select public.lb_entry_json(me) || jsonb_build_object('rank', v_rank), v_rank
    union all
    select public.lb_entry_json(a.e) || jsonb_build_object('rank', v_rank + a.n), v_rank + a.n from (
      select e, row_number() over (order by e.rank_score, e.achieved_at, e.player_id) as n
      from public.entries e where e.board_id = p_board and e.period = p_period
        and (e.rank_score, e.achieved_at, e.player_id) > (me.rank_score, me.achieved_at, me.player_id)
      order by e.rank_score, e.achieved_at, e.player_id limit p_radius) a
  ) x;
  return jsonb_build_object('entries', v_rows,
    'total', (select count(*) from public.entries where board_id = p_board and period = p_period));
end
$$;

-- Number of entries in a board period.
create function public.lb_count(p_board text, p_period text) returns bigint
language sql stable security definer set search_path = public as $$
  select count(*) from public.entries where board_id = p_board and period = p_period
$$;

-- A page of a period's entries by player id, for rebuilding the projection.
create function public.lb_export(p_board text, p_period text, p_after text default '', p_limit integer default 1000)
returns jsonb
language sql stable security definer set search_path = public as $$
  select jsonb_build_object(
    'sort', (select sort from public.boards where id = p_board),
    'entries', coalesce((select jsonb_agg(public.lb_entry_json(t) order by t.player_id) from (
      select * from public.entries where board_id = p_board and period = p_period and player_id > coalesce(p_after, '')
      order by player_id limit p_limit) t), '[]'))
$$;

-- The periods a board has entries in, newest first.
create function public.lb_periods(p_board text) returns jsonb
language sql stable security definer set search_path = public as $$
  select coalesce(jsonb_agg(period order by period desc), '[]')
  from (select distinct period from public.entries where board_id = p_board) p
$$;

-- The submissions log of a board in sequence order (verification and history checks).
create function public.lb_submissions(p_board text, p_after_seq bigint default 0, p_limit integer default 1000)
returns jsonb
language sql stable security definer set search_path = public as $$
  select coalesce(jsonb_agg(jsonb_build_object('seq', seq, 'period', period, 'playerId', player_id,
    'operator', operator, 'score', score, 'resultScore', result_score, 'updated', updated,
    'submittedAt', public.lb_iso(submitted_at)) order by seq), '[]')
  from (select * from public.submissions where board_id = p_board and seq > p_after_seq order by seq limit p_limit) s
$$;

-- Only the service role (the origin) may call the functions.
revoke execute on all functions in schema public from public, anon, authenticated;
grant execute on all functions in schema public to service_role;
grant usage on schema public to service_role;
