-- Pending purges of the edge cache (docs/edge-cache.md). Erasing a player, deleting a board or
-- changing a board's configuration must remove the affected cached answers at every Cloudflare
-- location. The origin records the purge here before it makes the change, then calls Cloudflare's
-- purge API; a purge that fails is retried by the rollover schedule, like projection repairs.

create table public.edge_purges (
  id bigint generated always as identity primary key,
  tags text[] not null check (cardinality(tags) between 1 and 30),
  reason text not null check (length(reason) <= 200),
  requested_at timestamptz not null default now(),
  attempts integer not null default 0,
  -- A short classification of the last failure (e.g. "status 429"), never a response body.
  last_error text check (length(last_error) <= 200),
  next_attempt_at timestamptz not null default now(),
  done_at timestamptz
);
create index edge_purges_due on public.edge_purges (next_attempt_at) where done_at is null;

alter table public.edge_purges enable row level security;
revoke all on public.edge_purges from anon, authenticated;

-- Records a purge to make; returns its id.
create function public.lb_purge_request(p_tags text[], p_reason text) returns bigint
language sql security definer set search_path = public as $$
  insert into public.edge_purges (tags, reason) values (p_tags, p_reason) returning id
$$;

-- Purges that are due: not done, next attempt reached; oldest first.
create function public.lb_purge_due(p_limit integer default 50) returns jsonb
language sql stable security definer set search_path = public as $$
  select coalesce(jsonb_agg(jsonb_build_object('id', id, 'tags', tags, 'reason', reason, 'attempts', attempts) order by id), '[]')
  from (select * from public.edge_purges where done_at is null and next_attempt_at <= now() order by id limit p_limit) due
$$;

-- The outcome of one attempt. Done, or the next attempt after an exponential backoff
-- (5 s, 10 s, 20 s ... at most 10 minutes). Returns the purge's state.
create function public.lb_purge_result(p_id bigint, p_ok boolean, p_error text default null) returns jsonb
language sql security definer set search_path = public as $$
  update public.edge_purges set
    attempts = attempts + 1,
    done_at = case when p_ok then now() else null end,
    last_error = case when p_ok then null else left(p_error, 200) end,
    next_attempt_at = case when p_ok then next_attempt_at else now() + least(interval '10 minutes', interval '5 seconds' * power(2, least(attempts, 10))) end
  where id = p_id
  returning jsonb_build_object('id', id, 'status', case when done_at is null then 'pending' else 'done' end, 'attempts', attempts, 'lastError', last_error)
$$;

-- How many purges are not done yet, and the oldest one's age in seconds (for health and the admin).
create function public.lb_purge_backlog() returns jsonb
language sql stable security definer set search_path = public as $$
  select jsonb_build_object('pending', count(*), 'oldestSeconds', coalesce(floor(extract(epoch from now() - min(requested_at))), 0))
  from public.edge_purges where done_at is null
$$;

revoke execute on function public.lb_purge_request(text[], text), public.lb_purge_due(integer), public.lb_purge_result(bigint, boolean, text), public.lb_purge_backlog()
  from public, anon, authenticated;
grant execute on function public.lb_purge_request(text[], text), public.lb_purge_due(integer), public.lb_purge_result(bigint, boolean, text), public.lb_purge_backlog()
  to service_role;
