-- Moderation (docs/moderation.md): per player and board, or for every board ('*').
--   hide:   the entry is kept, but left out of every public view (reads, counts, ranks, exports)
--   shadow: as hide for everyone else; the player still sees their own entry and rank (lb_read_self)
--   ban:    writes are refused (403 banned), whatever they would change
-- Every action and its reverse is audited (moderation_audit). entries.hidden caches "hide or
-- shadow applies to this row", kept by a trigger on every entry write and by the moderation
-- functions, so the public reads filter on a column of the row and a partial rank index.

create table public.moderation (
  player_id  text not null,
  scope      text not null,          -- a board id, or '*' for every board
  action     text not null check (action in ('hide', 'shadow', 'ban')),
  reason     text not null,
  actor      text not null,
  created_at timestamptz not null default now(),
  primary key (player_id, scope, action)
);
create index moderation_scope on public.moderation (scope, created_at desc);

create table public.moderation_audit (
  id        bigint generated always as identity primary key,
  player_id text not null,
  scope     text not null,
  action    text not null,
  op        text not null check (op in ('set', 'lift')),
  reason    text not null,
  actor     text not null,
  at        timestamptz not null default now()
);
create index moderation_audit_scope on public.moderation_audit (scope, id desc);

alter table public.entries add column hidden boolean not null default false;
create index entries_public_rank_order on public.entries (board_id, period, rank_score, achieved_at, player_id) where not hidden;

-- Whether hide or shadow applies to a player on a board.
create function public.lb_is_hidden(p_board text, p_player text) returns boolean
language sql stable security definer set search_path = public as $$
  select exists (select 1 from public.moderation m
    where m.player_id = p_player and m.scope in (p_board, '*') and m.action in ('hide', 'shadow'))
$$;

create function public.lb_entries_hidden() returns trigger
language plpgsql as $$
begin
  new.hidden := public.lb_is_hidden(new.board_id, new.player_id);
  return new;
end
$$;
create trigger entries_hidden before insert or update on public.entries
  for each row execute function public.lb_entries_hidden();

-- A banned player's write raises banned. Every write function logs the submissions that change
-- an entry, so every write path (single, batch, source sync) obeys it; the transaction rolls back.
create function public.lb_check_ban() returns trigger
language plpgsql as $$
begin
  if exists (select 1 from public.moderation m
      where m.player_id = new.player_id and m.scope in (new.board_id, '*') and m.action = 'ban') then
    perform public.lb_fail('banned', jsonb_build_object('board', new.board_id, 'playerId', new.player_id));
  end if;
  return new;
end
$$;
create trigger submissions_ban before insert on public.submissions
  for each row execute function public.lb_check_ban();

-- Moderation of a board's player, or of every board's (p_scope '*'), is gone with the board.
create function public.lb_moderation_board_gone() returns trigger
language plpgsql as $$
begin
  delete from public.moderation where scope = old.id;
  return old;
end
$$;
create trigger boards_moderation_gone after delete on public.boards
  for each row execute function public.lb_moderation_board_gone();

-- Sets (p_set) or lifts an action, audits it, and re-marks the player's entries in scope.
-- Returns {changed, boards: [board ids in scope], periods: [{board, period}] the player has entries in}.
create function public.lb_moderation_change(p_scope text, p_player text, p_action text, p_set boolean, p_reason text, p_actor text)
returns jsonb
language plpgsql security definer set search_path = public as $$
declare
  v_changed boolean;
begin
  if p_action not in ('hide', 'shadow', 'ban') then
    perform public.lb_fail('invalid_action', jsonb_build_object('action', p_action));
  end if;
  if p_scope <> '*' then
    perform 1 from public.boards where id = p_scope;
    if not found then perform public.lb_fail('board_not_found', jsonb_build_object('board', p_scope)); end if;
  end if;
  if p_set then
    insert into public.moderation (player_id, scope, action, reason, actor)
    values (p_player, p_scope, p_action, p_reason, p_actor)
    on conflict (player_id, scope, action) do update set reason = excluded.reason, actor = excluded.actor, created_at = now();
    v_changed := true;
  else
    delete from public.moderation where player_id = p_player and scope = p_scope and action = p_action;
    v_changed := found;
  end if;
  if v_changed then
    insert into public.moderation_audit (player_id, scope, action, op, reason, actor)
    values (p_player, p_scope, p_action, case when p_set then 'set' else 'lift' end, p_reason, p_actor);
  end if;
  if p_action <> 'ban' then
    -- The entries trigger recomputes hidden from the moderation table.
    update public.entries set hidden = hidden
      where player_id = p_player and (p_scope = '*' or board_id = p_scope);
  end if;
  return jsonb_build_object(
    'changed', v_changed,
    'boards', coalesce((select jsonb_agg(id order by id) from public.boards where p_scope = '*' or id = p_scope), '[]'),
    'periods', coalesce((select jsonb_agg(jsonb_build_object('board', board_id, 'period', period) order by board_id, period)
      from public.entries where player_id = p_player and (p_scope = '*' or board_id = p_scope)), '[]'));
end
$$;

-- The moderation in force on a board (its own and every board's), and its audit, newest first.
create function public.lb_moderation_list(p_board text, p_audit_limit integer default 100) returns jsonb
language plpgsql stable security definer set search_path = public as $$
begin
  perform 1 from public.boards where id = p_board;
  if not found then perform public.lb_fail('board_not_found', jsonb_build_object('board', p_board)); end if;
  return jsonb_build_object(
    'actions', coalesce((select jsonb_agg(jsonb_build_object('playerId', player_id, 'scope', case when scope = '*' then 'all' else 'board' end,
        'action', action, 'reason', reason, 'actor', actor, 'at', public.lb_iso(created_at)) order by player_id, action, scope)
      from public.moderation where scope in (p_board, '*')), '[]'),
    'audit', coalesce((select jsonb_agg(jsonb_build_object('id', id, 'playerId', player_id, 'scope', case when scope = '*' then 'all' else 'board' end,
        'action', action, 'op', op, 'reason', reason, 'actor', actor, 'at', public.lb_iso(at)) order by id desc)
      from (select * from public.moderation_audit where scope in (p_board, '*') order by id desc limit p_audit_limit) a), '[]'));
end
$$;

-- The players hidden from a board's public views (hide or shadow, its own or every board's).
create function public.lb_moderation_hidden(p_board text) returns jsonb
language sql stable security definer set search_path = public as $$
  select coalesce(jsonb_agg(distinct player_id), '[]') from public.moderation
  where scope in (p_board, '*') and action in ('hide', 'shadow')
$$;

-- A shadowed player's own entry, ranked as if public: 1 + the public entries before it; total
-- counts the public entries and this one. Entries null for a player without an entry, or hidden
-- by hide (which the player does not see either).
create function public.lb_read_self(p_board text, p_period text, p_player text) returns jsonb
language plpgsql stable security definer set search_path = public as $$
declare
  me public.entries;
begin
  select * into me from public.entries where board_id = p_board and period = p_period and player_id = p_player;
  if not found or (me.hidden and exists (select 1 from public.moderation m
      where m.player_id = p_player and m.scope in (p_board, '*') and m.action = 'hide')) then
    return jsonb_build_object('total', 0, 'entries', '[]'::jsonb);
  end if;
  return jsonb_build_object(
    'total', (select count(*) from public.entries where board_id = p_board and period = p_period and (not hidden or player_id = p_player)),
    'entries', jsonb_build_array(public.lb_entry_json(me) || jsonb_build_object('rank',
      1 + (select count(*) from public.entries o where o.board_id = p_board and o.period = p_period and not o.hidden
           and (o.rank_score, o.achieved_at, o.player_id) < (me.rank_score, me.achieved_at, me.player_id)))));
end
$$;

-- The public reads, now without hidden entries (the same bodies otherwise).
create or replace function public.lb_read_top(
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
  select count(*) into v_total from public.entries where board_id = p_board and period = p_period and not hidden;
  if p_after_player is not null then
    select count(*) into v_before from public.entries
      where board_id = p_board and period = p_period and not hidden
        and (rank_score, achieved_at, player_id) <= (p_after_rank_score, v_after, p_after_player);
  end if;
  select coalesce(jsonb_agg(public.lb_entry_json(t.e) || jsonb_build_object('rank', v_before + t.n) order by t.n), '[]')
  into v_rows
  from (
    select e, row_number() over (order by e.rank_score, e.achieved_at, e.player_id) as n
    from public.entries e
    where e.board_id = p_board and e.period = p_period and not e.hidden
      and (p_after_player is null or (e.rank_score, e.achieved_at, e.player_id) > (p_after_rank_score, v_after, p_after_player))
    order by e.rank_score, e.achieved_at, e.player_id
    limit p_limit
  ) t;
  return jsonb_build_object('total', v_total, 'entries', v_rows);
end
$$;

create or replace function public.lb_read_players(p_board text, p_period text, p_players text[]) returns jsonb
language sql stable security definer set search_path = public as $$
  select jsonb_build_object(
    'total', (select count(*) from public.entries where board_id = p_board and period = p_period and not hidden),
    'entries', coalesce(jsonb_agg(public.lb_entry_json(e) || jsonb_build_object('rank',
        1 + (select count(*) from public.entries o where o.board_id = p_board and o.period = p_period and not o.hidden
             and (o.rank_score, o.achieved_at, o.player_id) < (e.rank_score, e.achieved_at, e.player_id)))
      order by e.rank_score, e.achieved_at, e.player_id), '[]'))
  from public.entries e
  where e.board_id = p_board and e.period = p_period and e.player_id = any (p_players) and not e.hidden
$$;

create or replace function public.lb_read_around(p_board text, p_period text, p_player text, p_radius integer) returns jsonb
language plpgsql stable security definer set search_path = public as $$
declare
  me public.entries;
  v_rank bigint;
  v_rows jsonb;
begin
  select * into me from public.entries where board_id = p_board and period = p_period and player_id = p_player and not hidden;
  if not found then return jsonb_build_object('entries', null); end if;
  select 1 + count(*) into v_rank from public.entries o where o.board_id = p_board and o.period = p_period and not o.hidden
    and (o.rank_score, o.achieved_at, o.player_id) < (me.rank_score, me.achieved_at, me.player_id);
  select coalesce(jsonb_agg(x.j order by x.r), '[]') into v_rows from (
    select public.lb_entry_json(b.e) || jsonb_build_object('rank', v_rank - b.n) as j, v_rank - b.n as r from (
      select e, row_number() over (order by e.rank_score desc, e.achieved_at desc, e.player_id desc) as n
      from public.entries e where e.board_id = p_board and e.period = p_period and not e.hidden
        and (e.rank_score, e.achieved_at, e.player_id) < (me.rank_score, me.achieved_at, me.player_id)
      order by e.rank_score desc, e.achieved_at desc, e.player_id desc limit p_radius) b
    union all
    select public.lb_entry_json(me) || jsonb_build_object('rank', v_rank), v_rank
    union all
    select public.lb_entry_json(a.e) || jsonb_build_object('rank', v_rank + a.n), v_rank + a.n from (
      select e, row_number() over (order by e.rank_score, e.achieved_at, e.player_id) as n
      from public.entries e where e.board_id = p_board and e.period = p_period and not e.hidden
        and (e.rank_score, e.achieved_at, e.player_id) > (me.rank_score, me.achieved_at, me.player_id)
      order by e.rank_score, e.achieved_at, e.player_id limit p_radius) a
  ) x;
  return jsonb_build_object('entries', v_rows,
    'total', (select count(*) from public.entries where board_id = p_board and period = p_period and not hidden));
end
$$;

create or replace function public.lb_count(p_board text, p_period text) returns bigint
language sql stable security definer set search_path = public as $$
  select count(*) from public.entries where board_id = p_board and period = p_period and not hidden
$$;

-- The export (rebuilds, verify, source sync) holds the public entries only: the projection
-- never holds a hidden entry, and verify compares it with exactly what the public reads count.
create or replace function public.lb_export(p_board text, p_period text, p_after text default '', p_limit integer default 1000)
returns jsonb
language sql stable security definer set search_path = public as $$
  select jsonb_build_object(
    'sort', (select sort from public.boards where id = p_board),
    'entries', coalesce((select jsonb_agg(public.lb_entry_json(t) order by t.player_id) from (
      select * from public.entries where board_id = p_board and period = p_period and player_id > coalesce(p_after, '') and not hidden
      order by player_id limit p_limit) t), '[]'))
$$;

create or replace function public.lb_tie_ranks(p_board text, p_period text, p_mode text, p_rank_scores bigint[]) returns jsonb
language sql stable security definer set search_path = public as $$
  select coalesce(jsonb_agg(
    case when p_mode = 'dense' then
      1 + (select count(distinct o.rank_score) from public.entries o
           where o.board_id = p_board and o.period = p_period and not o.hidden and o.rank_score < s.v)
    else
      1 + (select count(*) from public.entries o
           where o.board_id = p_board and o.period = p_period and not o.hidden and o.rank_score < s.v)
    end order by s.i), '[]')
  from unnest(p_rank_scores) with ordinality as s(v, i)
$$;

create or replace function public.lb_period_list(p_board text, p_current text, p_before text default null, p_limit integer default 20)
returns jsonb
language sql stable security definer set search_path = public as $$
  select coalesce(jsonb_agg(jsonb_build_object('period', t.period, 'entries', t.n) order by t.period desc), '[]')
  from (
    select u.period, sum(u.n)::bigint as n from (
      select period, count(*) filter (where not hidden) as n from public.entries
        where board_id = p_board and (p_before is null or period < p_before) group by period
      union all
      select p_current, 0 where p_current is not null and (p_before is null or p_current < p_before)
    ) u group by u.period order by u.period desc limit p_limit
  ) t
$$;

revoke all on table public.moderation, public.moderation_audit from public, anon, authenticated;
revoke all on all sequences in schema public from public, anon, authenticated;
revoke execute on function public.lb_is_hidden(text, text), public.lb_entries_hidden(), public.lb_check_ban(),
  public.lb_moderation_board_gone(), public.lb_moderation_change(text, text, text, boolean, text, text),
  public.lb_moderation_list(text, integer), public.lb_moderation_hidden(text), public.lb_read_self(text, text, text)
  from public, anon, authenticated;
grant execute on function public.lb_is_hidden(text, text), public.lb_entries_hidden(), public.lb_check_ban(),
  public.lb_moderation_board_gone(), public.lb_moderation_change(text, text, text, boolean, text, text),
  public.lb_moderation_list(text, integer), public.lb_moderation_hidden(text), public.lb_read_self(text, text, text)
  to service_role;

-- Display names (docs/moderation.md "Display names"): one profile per player, for every board.
-- The origin normalises and checks a name (core/names.ts); the check here is the last guard.
create table public.player_profiles (
  player_id    text primary key,
  display_name text not null check (char_length(display_name) between 1 and 32),
  updated_at   timestamptz not null default now()
);

-- Sets a player's display name. Returns the profile.
create function public.lb_profile_set(p_player text, p_name text) returns jsonb
language sql security definer set search_path = public as $$
  insert into public.player_profiles (player_id, display_name) values (p_player, p_name)
  on conflict (player_id) do update set display_name = excluded.display_name, updated_at = now()
  returning jsonb_build_object('playerId', player_id, 'displayName', display_name)
$$;

-- The display names of the given players that have one: {playerId: name}.
create function public.lb_profile_names(p_players text[]) returns jsonb
language sql stable security definer set search_path = public as $$
  select coalesce(jsonb_object_agg(player_id, display_name), '{}') from public.player_profiles where player_id = any (p_players)
$$;

-- Every profile by player id, p_limit at a time after p_after (loading the projection's names hash).
create function public.lb_profile_export(p_after text default '', p_limit integer default 1000) returns jsonb
language sql stable security definer set search_path = public as $$
  select coalesce(jsonb_agg(jsonb_build_array(player_id, display_name) order by player_id), '[]')
  from (select player_id, display_name from public.player_profiles where player_id > coalesce(p_after, '') order by player_id limit p_limit) t
$$;

revoke all on table public.player_profiles from public, anon, authenticated;
revoke execute on function public.lb_profile_set(text, text), public.lb_profile_names(text[]), public.lb_profile_export(text, integer)
  from public, anon, authenticated;
grant execute on function public.lb_profile_set(text, text), public.lb_profile_names(text[]), public.lb_profile_export(text, integer)
  to service_role;
