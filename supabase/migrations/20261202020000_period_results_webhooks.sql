-- Period results and result webhooks (docs/results.md), on top of the earlier migrations; and
-- the SQL side of reset schedules every N hours or days in a time zone (core/schedules.ts).
--
-- When a period is closed (a row in closed_periods: the rollover's reset, or the board's endsAt),
-- a trigger stores its final results, the top N entries with their ranks, and, when the board
-- names a webhook and the period has entries, queues one delivery of them. The origin sends
-- queued deliveries (signed, with retries and backoff) from the scheduled rollover task and logs
-- every attempt here. Everything is additive: earlier tables and functions are not changed.

-- Per-board results settings, kept beside the board row: how many entries the results hold,
-- and the webhook's URL and signing secret (never shown in a public view).
create table public.board_results (
  board_id       text primary key references public.boards (id) on delete cascade,
  size           integer not null default 100 check (size between 1 and 1000),
  webhook_url    text check (length(webhook_url) <= 2048),
  webhook_secret text check (length(webhook_secret) <= 200),
  secret_set_at  timestamptz,
  check ((webhook_url is null) = (webhook_secret is null))
);

-- A closed period's final results: written once when it closes; changed only by an erasure,
-- which recomputes them without the erased player.
create table public.period_results (
  board_id  text not null references public.boards (id) on delete cascade,
  period    text not null,
  closed_at timestamptz not null,
  entries   bigint not null,
  rank_mode text not null,
  size      integer not null,
  results   jsonb not null,
  primary key (board_id, period)
);

-- One webhook event per closed period: sent at least once, every attempt logged (the last 20).
create table public.webhook_deliveries (
  id              bigint generated always as identity primary key,
  event_id        uuid not null unique default gen_random_uuid(),
  board_id        text not null,
  period          text not null,
  status          text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts        integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  created_at      timestamptz not null default now(),
  delivered_at    timestamptz,
  -- A short classification of the last failure (e.g. "HTTP 500"), never a response body.
  last_error      text check (length(last_error) <= 200),
  log             jsonb not null default '[]',
  foreign key (board_id, period) references public.period_results (board_id, period) on delete cascade
);
create index webhook_deliveries_due on public.webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_board on public.webhook_deliveries (board_id, id desc);

alter table public.board_results enable row level security;
alter table public.period_results enable row level security;
alter table public.webhook_deliveries enable row level security;
revoke all on public.board_results, public.period_results, public.webhook_deliveries from public, anon, authenticated;
revoke all on sequence public.webhook_deliveries_id_seq from public, anon, authenticated;

-- The top p_size entries of a period in rank order, each with the rank p_mode shows: ordinal
-- (row_number), competition (rank) or dense (dense_rank). Numbering only the top rows is exact:
-- every entry that ranks above one of them is among them. Hidden entries (moderation) are left
-- out, as from every public view.
create function public.lb_results_json(p_board text, p_period text, p_size integer, p_mode text) returns jsonb
language sql stable security definer set search_path = public as $$
  select coalesce(jsonb_agg(jsonb_build_object(
      'rank', case p_mode when 'competition' then t.comp when 'dense' then t.dense else t.pos end,
      'playerId', t.player_id, 'score', t.score, 'achievedAt', public.lb_iso(t.achieved_at), 'metadata', t.metadata)
    order by t.pos), '[]')
  from (
    select e.*, row_number() over w as pos, rank() over (order by e.rank_score) as comp, dense_rank() over (order by e.rank_score) as dense
    from (select * from public.entries where board_id = p_board and period = p_period and not hidden
          order by rank_score, achieved_at, player_id limit p_size) e
    window w as (order by e.rank_score, e.achieved_at, e.player_id)
  ) t
$$;

-- On close: store the results, and queue a webhook delivery when the board has a webhook and
-- the period has entries. closed_periods takes each (board, period) once, so this runs once.
create function public.lb_on_period_closed() returns trigger
language plpgsql security definer set search_path = public as $$
declare
  v_size integer;
  v_mode text;
  v_url  text;
begin
  select coalesce(r.size, 100), b.rank_mode, r.webhook_url into v_size, v_mode, v_url
  from public.boards b left join public.board_results r on r.board_id = b.id where b.id = new.board_id;
  insert into public.period_results (board_id, period, closed_at, entries, rank_mode, size, results)
  values (new.board_id, new.period, new.closed_at, new.entries, v_mode, v_size, public.lb_results_json(new.board_id, new.period, v_size, v_mode))
  on conflict (board_id, period) do nothing;
  if v_url is not null and new.entries > 0 then
    insert into public.webhook_deliveries (board_id, period) values (new.board_id, new.period);
  end if;
  return null;
end
$$;

create trigger closed_periods_results after insert on public.closed_periods
  for each row execute function public.lb_on_period_closed();

-- Erasure (lb_player_delete) also changes closed periods: their stored results are recomputed
-- without the erased entries, with the same size and rank mode.
create function public.lb_results_after_delete() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  update public.period_results r
  set results = public.lb_results_json(r.board_id, r.period, r.size, r.rank_mode),
      entries = (select count(*) from public.entries e where e.board_id = r.board_id and e.period = r.period and not e.hidden)
  where (r.board_id, r.period) in (select distinct g.board_id, g.period from gone g);
  return null;
end
$$;

create trigger entries_deleted_results after delete on public.entries
  referencing old table as gone for each statement execute function public.lb_results_after_delete();

-- Closes what lb_rollover does not: the period of every board whose endsAt has passed (the
-- period containing the instant just before endsAt), and the periods with entries that ended
-- while no rollover ran (lb_rollover closes only the one just before the current one), looking
-- back a week. Safe to repeat and to run concurrently, like lb_rollover (which may later find
-- the same period already closed). Returns the periods this call closed.
create function public.lb_close_ended(p_now timestamptz default null) returns jsonb
language plpgsql security definer set search_path = public as $$
declare
  v_now  timestamptz := coalesce(p_now, clock_timestamp());
  v_out  jsonb := '[]'::jsonb;
  b      public.boards;
  v_key  text;
  v_prev text;
  v_from text;
  v_closed integer;
begin
  for b in select * from public.boards where ends_at is not null and ends_at <= v_now order by id loop
    v_key := public.lb_period_key(b.reset, b.ends_at - interval '1 millisecond');
    insert into public.closed_periods (board_id, period, entries)
    select b.id, v_key, count(*) from public.entries where board_id = b.id and period = v_key
    on conflict (board_id, period) do nothing;
    get diagnostics v_closed = row_count;
    if v_closed > 0 then
      v_out := v_out || jsonb_build_array(jsonb_build_object('board', b.id, 'period', v_key));
    end if;
  end loop;

  for b in select * from public.boards where reset <> 'never' order by id loop
    v_prev := public.lb_period_key(b.reset, public.lb_period_start(b.reset, v_now) - interval '1 millisecond');
    v_from := public.lb_period_key(b.reset, v_now - interval '7 days');
    -- The distinct periods with entries in [v_from, v_prev), one index probe each (a skip scan:
    -- keys of one reset sort in time order).
    for v_key in
      with recursive p(period) as (
        (select e.period from public.entries e where e.board_id = b.id and e.period >= v_from and e.period < v_prev order by e.period limit 1)
        union all
        select (select e.period from public.entries e where e.board_id = b.id and e.period > p.period and e.period < v_prev order by e.period limit 1)
        from p where p.period is not null
      )
      select p.period from p where p.period is not null
        and not exists (select 1 from public.closed_periods c where c.board_id = b.id and c.period = p.period)
    loop
      insert into public.closed_periods (board_id, period, entries)
      select b.id, v_key, count(*) from public.entries where board_id = b.id and period = v_key
      on conflict (board_id, period) do nothing;
      get diagnostics v_closed = row_count;
      if v_closed > 0 then
        v_out := v_out || jsonb_build_array(jsonb_build_object('board', b.id, 'period', v_key));
      end if;
    end loop;
  end loop;
  return v_out;
end
$$;

-- A closed period's results, or null when the period has none stored (not closed yet).
create function public.lb_period_results(p_board text, p_period text) returns jsonb
language sql stable security definer set search_path = public as $$
  select jsonb_build_object('period', period, 'closedAt', public.lb_iso(closed_at), 'entries', entries,
    'rankMode', rank_mode, 'size', size, 'results', results)
  from public.period_results where board_id = p_board and period = p_period
$$;

-- A board's results settings (defaults when it has none); the secret is never returned here.
create function public.lb_results_settings(p_board text) returns jsonb
language sql stable security definer set search_path = public as $$
  select jsonb_build_object('resultsSize', coalesce(r.size, 100),
    'webhook', case when r.webhook_url is null then null else jsonb_build_object('url', r.webhook_url) end)
  from public.boards b left join public.board_results r on r.board_id = b.id where b.id = p_board
$$;

-- Sets a board's results settings. p_size null keeps the size. p_set_webhook false keeps the
-- webhook; true sets it to p_url (null removes it and its secret). The secret becomes
-- p_new_secret when the board had none or p_rotate is true, and is returned only then.
create function public.lb_results_configure(p_board text, p_size integer, p_set_webhook boolean, p_url text, p_rotate boolean, p_new_secret text)
returns jsonb
language plpgsql security definer set search_path = public as $$
declare
  r public.board_results;
  v_issued boolean := false;
begin
  perform 1 from public.boards where id = p_board;
  if not found then perform public.lb_fail('board_not_found', jsonb_build_object('board', p_board)); end if;
  insert into public.board_results (board_id) values (p_board) on conflict (board_id) do nothing;
  select * into r from public.board_results where board_id = p_board for update;
  r.size := coalesce(p_size, r.size);
  if p_set_webhook then
    if p_url is null then
      r.webhook_url := null;
      r.webhook_secret := null;
      r.secret_set_at := null;
    else
      r.webhook_url := p_url;
      if r.webhook_secret is null or p_rotate then
        r.webhook_secret := p_new_secret;
        r.secret_set_at := now();
        v_issued := true;
      end if;
    end if;
  elsif p_rotate and r.webhook_url is not null then
    r.webhook_secret := p_new_secret;
    r.secret_set_at := now();
    v_issued := true;
  end if;
  update public.board_results set size = r.size, webhook_url = r.webhook_url, webhook_secret = r.webhook_secret,
    secret_set_at = r.secret_set_at where board_id = p_board;
  return jsonb_build_object('resultsSize', r.size,
    'webhook', case when r.webhook_url is null then null
               else jsonb_build_object('url', r.webhook_url) || case when v_issued then jsonb_build_object('secret', r.webhook_secret) else '{}' end end);
end
$$;

-- Claims due deliveries (of one board, or one delivery, when p_board or p_id names it): leases each until p_now + p_lease_seconds,
-- so a concurrent run skips them and a sender that dies leaves them to a later run (at least
-- once). A delivery whose board no longer has a webhook fails here. Returns what to send.
create function public.lb_webhook_claim(p_now timestamptz, p_limit integer, p_lease_seconds integer, p_id bigint default null, p_board text default null) returns jsonb
language plpgsql security definer set search_path = public as $$
declare
  v_out jsonb;
begin
  update public.webhook_deliveries d set status = 'failed', last_error = 'the board has no webhook any more'
  where d.status = 'pending' and d.next_attempt_at <= p_now and (p_id is null or d.id = p_id) and (p_board is null or d.board_id = p_board)
    and not exists (select 1 from public.board_results r where r.board_id = d.board_id and r.webhook_url is not null);
  with due as (
    select d.id from public.webhook_deliveries d
    where d.status = 'pending' and d.next_attempt_at <= p_now and (p_id is null or d.id = p_id) and (p_board is null or d.board_id = p_board)
    order by d.next_attempt_at, d.id limit p_limit for update skip locked
  ), claimed as (
    update public.webhook_deliveries d set next_attempt_at = p_now + make_interval(secs => p_lease_seconds)
    from due where d.id = due.id
    returning d.*
  )
  select coalesce(jsonb_agg(jsonb_build_object(
      'id', c.id, 'eventId', c.event_id, 'board', c.board_id, 'period', c.period, 'attempts', c.attempts,
      'createdAt', public.lb_iso(c.created_at), 'url', r.webhook_url, 'secret', r.webhook_secret,
      'closedAt', public.lb_iso(p.closed_at), 'entries', p.entries, 'rankMode', p.rank_mode, 'size', p.size, 'results', p.results)
    order by c.id), '[]')
  into v_out
  from claimed c
  join public.board_results r on r.board_id = c.board_id
  join public.period_results p on p.board_id = c.board_id and p.period = c.period;
  return v_out;
end
$$;

-- Records one attempt: delivered, or pending again from p_retry_at, or failed when p_retry_at
-- is null (attempts exhausted). The log keeps the last 20 attempts.
create function public.lb_webhook_result(p_id bigint, p_at timestamptz, p_ok boolean, p_status integer, p_error text, p_ms integer, p_retry_at timestamptz)
returns jsonb
language sql security definer set search_path = public as $$
  update public.webhook_deliveries set
    attempts = attempts + 1,
    status = case when p_ok then 'delivered' when p_retry_at is null then 'failed' else 'pending' end,
    delivered_at = case when p_ok then p_at else delivered_at end,
    next_attempt_at = coalesce(p_retry_at, next_attempt_at),
    last_error = case when p_ok then null else left(p_error, 200) end,
    log = (select coalesce(jsonb_agg(x.v order by x.i), '[]') from (
             select v, i from jsonb_array_elements(log || jsonb_build_array(jsonb_build_object(
               'at', public.lb_iso(p_at), 'status', p_status, 'error', left(p_error, 200), 'ms', p_ms)))
               with ordinality as a(v, i)
             order by i desc limit 20) x)
  where id = p_id
  returning jsonb_build_object('id', id, 'status', status, 'attempts', attempts)
$$;

-- A board's deliveries, newest first, before p_before (an id; null for the first page).
create function public.lb_webhook_list(p_board text, p_limit integer default 50, p_before bigint default null) returns jsonb
language sql stable security definer set search_path = public as $$
  select coalesce(jsonb_agg(jsonb_build_object(
      'id', d.id, 'eventId', d.event_id, 'period', d.period, 'status', d.status, 'attempts', d.attempts,
      'createdAt', public.lb_iso(d.created_at), 'nextAttemptAt', case when d.status = 'pending' then public.lb_iso(d.next_attempt_at) end,
      'deliveredAt', public.lb_iso(d.delivered_at), 'lastError', d.last_error, 'log', d.log)
    order by d.id desc), '[]')
  from (select * from public.webhook_deliveries where board_id = p_board and (p_before is null or id < p_before)
        order by id desc limit p_limit) d
$$;

-- Makes one delivery of a board due again at p_now (same event id: receivers de-duplicate).
-- Returns its id, or null when the board has no such delivery.
create function public.lb_webhook_resend(p_board text, p_id bigint, p_now timestamptz) returns bigint
language sql security definer set search_path = public as $$
  update public.webhook_deliveries set status = 'pending', attempts = 0, next_attempt_at = p_now, last_error = null
  where board_id = p_board and id = p_id
  returning id
$$;

-- Reset schedules every N hours or days from an anchor (a wall-clock date-time in time zone
-- p_tz), the same rules as core/schedules.ts: `hours` periods are exactly N hours long; `days`
-- periods start at the anchor's wall-clock time every N calendar days, a nonexistent start time
-- read with the offset before the change and an ambiguous one with the offset after it (what
-- `timestamp AT TIME ZONE` does). Period k = 0 starts at the anchor. lb_period_key (below) uses
-- them for boards whose reset names a schedule.
create function public.lb_schedule_start(p_every integer, p_unit text, p_anchor timestamp, p_tz text, p_k bigint) returns timestamptz
language sql immutable as $$
  select case p_unit
    when 'hours' then (p_anchor at time zone p_tz) + (p_k * p_every) * interval '1 hour'
    else (p_anchor + (p_k * p_every) * interval '1 day') at time zone p_tz
  end
$$;

-- The index of the period containing p_at (negative before the anchor).
create function public.lb_schedule_index(p_every integer, p_unit text, p_anchor timestamp, p_tz text, p_at timestamptz) returns bigint
language plpgsql immutable as $$
declare
  v_len double precision := p_every * case when p_unit = 'hours' then 3600 else 86400 end;
  k bigint := floor(extract(epoch from (p_at - (p_anchor at time zone p_tz))) / v_len);
begin
  -- A days schedule's periods differ from N x 24 h by the daylight-saving changes they span.
  while public.lb_schedule_start(p_every, p_unit, p_anchor, p_tz, k) > p_at loop k := k - 1; end loop;
  while public.lb_schedule_start(p_every, p_unit, p_anchor, p_tz, k + 1) <= p_at loop k := k + 1; end loop;
  return k;
end
$$;

-- The key of the period containing p_at: its start in UTC, YYYY-MM-DDTHHmmZ.
create function public.lb_schedule_period_key(p_every integer, p_unit text, p_anchor timestamp, p_tz text, p_at timestamptz) returns text
language sql immutable as $$
  select to_char(public.lb_schedule_start(p_every, p_unit, p_anchor, p_tz, public.lb_schedule_index(p_every, p_unit, p_anchor, p_tz, p_at)) at time zone 'UTC',
                 'YYYY-MM-DD"T"HH24MI"Z"')
$$;

-- When the period containing p_at ends.
create function public.lb_schedule_next_reset(p_every integer, p_unit text, p_anchor timestamp, p_tz text, p_at timestamptz) returns timestamptz
language sql immutable as $$
  select public.lb_schedule_start(p_every, p_unit, p_anchor, p_tz, public.lb_schedule_index(p_every, p_unit, p_anchor, p_tz, p_at) + 1)
$$;

-- A board's reset may name a schedule: 'every 6 hours from 2027-01-04T06:00 Europe/Berlin'
-- (core/schemas.ts resetSchema, core/schedules.ts). Its parts, or null for any other reset.
create function public.lb_schedule_parts(p_reset text) returns text[]
language sql immutable as $$
  select regexp_match(p_reset, '^every (\d{1,4}) (hours|days) from (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}) (\S{1,64})$')
$$;

alter table public.boards drop constraint boards_reset_check;
alter table public.boards add constraint boards_reset_check
  check (reset in ('never', 'daily', 'weekly', 'monthly') or public.lb_schedule_parts(reset) is not null);

-- The period keys of every reset, schedules included; the same rules as core/periods.ts. Every
-- write function keys its entry with this, so a schedule board needs no other change to them.
create or replace function public.lb_period_key(p_reset text, p_at timestamptz) returns text
language sql immutable as $$
  select case p_reset
    when 'never' then 'all'
    when 'daily' then to_char(p_at at time zone 'UTC', 'YYYY-MM-DD')
    when 'weekly' then to_char(p_at at time zone 'UTC', 'IYYY-"W"IW')
    when 'monthly' then to_char(p_at at time zone 'UTC', 'YYYY-MM')
    else (select public.lb_schedule_period_key(r.m[1]::integer, r.m[2], r.m[3]::timestamp, r.m[4], p_at)
          from public.lb_schedule_parts(p_reset) as r(m))
  end
$$;

-- The start of the period containing p_at, schedules included; null for `never` (lb_rollover).
create or replace function public.lb_period_start(p_reset text, p_at timestamptz) returns timestamptz
language sql immutable as $$
  select case p_reset
    when 'never' then null
    when 'daily' then date_trunc('day', p_at at time zone 'UTC') at time zone 'UTC'
    when 'weekly' then date_trunc('week', p_at at time zone 'UTC') at time zone 'UTC'
    when 'monthly' then date_trunc('month', p_at at time zone 'UTC') at time zone 'UTC'
    else (select public.lb_schedule_start(r.m[1]::integer, r.m[2], r.m[3]::timestamp, r.m[4],
                   public.lb_schedule_index(r.m[1]::integer, r.m[2], r.m[3]::timestamp, r.m[4], p_at))
          from public.lb_schedule_parts(p_reset) as r(m))
  end
$$;

-- Periods closed before this migration get their results now (no webhook: they were closed already).
insert into public.period_results (board_id, period, closed_at, entries, rank_mode, size, results)
select c.board_id, c.period, c.closed_at, c.entries, b.rank_mode, 100, public.lb_results_json(c.board_id, c.period, 100, b.rank_mode)
from public.closed_periods c join public.boards b on b.id = c.board_id
on conflict (board_id, period) do nothing;

revoke execute on function public.lb_results_json(text, text, integer, text), public.lb_on_period_closed(),
  public.lb_results_after_delete(), public.lb_close_ended(timestamptz), public.lb_period_results(text, text),
  public.lb_results_settings(text), public.lb_results_configure(text, integer, boolean, text, boolean, text),
  public.lb_webhook_claim(timestamptz, integer, integer, bigint, text),
  public.lb_webhook_result(bigint, timestamptz, boolean, integer, text, integer, timestamptz),
  public.lb_webhook_list(text, integer, bigint), public.lb_webhook_resend(text, bigint, timestamptz),
  public.lb_schedule_start(integer, text, timestamp, text, bigint), public.lb_schedule_index(integer, text, timestamp, text, timestamptz),
  public.lb_schedule_period_key(integer, text, timestamp, text, timestamptz), public.lb_schedule_next_reset(integer, text, timestamp, text, timestamptz),
  public.lb_schedule_parts(text)
  from public, anon, authenticated;
grant execute on function public.lb_close_ended(timestamptz), public.lb_period_results(text, text),
  public.lb_results_settings(text), public.lb_results_configure(text, integer, boolean, text, boolean, text),
  public.lb_webhook_claim(timestamptz, integer, integer, bigint, text),
  public.lb_webhook_result(bigint, timestamptz, boolean, integer, text, integer, timestamptz),
  public.lb_webhook_list(text, integer, bigint), public.lb_webhook_resend(text, bigint, timestamptz),
  public.lb_schedule_period_key(integer, text, timestamp, text, timestamptz), public.lb_schedule_next_reset(integer, text, timestamp, text, timestamptz)
  to service_role;
