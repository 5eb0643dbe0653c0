-- Tournaments, cohorts and leagues (docs/tournaments.md), on top of the earlier migrations.
--
-- A tournament is a board with entry rules (lb_board_rules): joinRequired, maxSize, maxAttempts
-- per player per period, and cohortSize (with an optional cohortBy band). A board without rules
-- is written exactly as before: lb_submit reads one more column of the board row it already
-- reads and takes the branch it always took. Every rule is enforced here, one transaction per
-- call:
--   * joins of one board period are serialised on that period's fill row (lb_period_fill), so
--     maxSize and cohort placement are exact under any concurrency;
--   * a player's submissions are serialised on their membership row (lb_members), so attempts
--     are counted exactly, and a refused or failed write counts none (the transaction rolls back).

alter table public.boards add column has_rules boolean not null default false;

create table public.lb_board_rules (
  board_id      text primary key references public.boards (id) on delete cascade,
  join_required boolean not null default false,
  max_size      integer check (max_size > 0),
  max_attempts  integer check (max_attempts > 0),
  cohort_size   integer check (cohort_size between 1 and 1000),
  cohort_by     text check (cohort_by ~ '^[A-Za-z0-9_.:-]{1,64}$'),
  -- A league: tiers 1 (lowest) to league_tiers; at each period close the top league_promote of
  -- every cohort move up a tier and the bottom league_demote down; cohorts are filled per tier.
  league_tiers   integer check (league_tiers between 2 and 20),
  league_promote integer check (league_promote >= 0),
  league_demote  integer check (league_demote >= 0)
);

-- One row per player and period of a rules board: their cohort, band and attempts.
create table public.lb_members (
  board_id  text not null references public.boards (id) on delete cascade,
  period    text not null,
  player_id text not null,
  cohort    integer,
  band      text not null default '',
  attempts  integer not null default 0,
  joined_at timestamptz not null,
  primary key (board_id, period, player_id)
);
create index lb_members_cohort on public.lb_members (board_id, period, cohort, player_id) where cohort is not null;

-- Per board period: players joined and cohorts opened. Its row lock serialises the period's joins.
create table public.lb_period_fill (
  board_id text not null references public.boards (id) on delete cascade,
  period   text not null,
  joined   integer not null default 0,
  cohorts  integer not null default 0,
  primary key (board_id, period)
);

-- Per board period and band: the cohort being filled and how many it holds.
create table public.lb_band_fill (
  board_id text not null references public.boards (id) on delete cascade,
  period   text not null,
  band     text not null,
  cohort   integer not null,
  filled   integer not null,
  primary key (board_id, period, band)
);

alter table public.lb_board_rules enable row level security;
alter table public.lb_members enable row level security;
alter table public.lb_period_fill enable row level security;
alter table public.lb_band_fill enable row level security;
revoke all on public.lb_board_rules, public.lb_members, public.lb_period_fill, public.lb_band_fill from public, anon, authenticated;

-- The rules of a board as the API shows them, or null.
create function public.lb_rules_json(p_board text) returns jsonb
language sql stable as $$
  select jsonb_build_object('joinRequired', r.join_required, 'maxSize', r.max_size, 'maxAttempts', r.max_attempts,
                            'cohortSize', r.cohort_size, 'cohortBy', r.cohort_by,
                            'league', case when r.league_tiers is not null then jsonb_build_object(
                              'tiers', r.league_tiers, 'promote', r.league_promote, 'demote', r.league_demote) end)
  from public.lb_board_rules r where r.board_id = p_board
$$;

-- Board reads carry the rules (null for a normal board). lb_board_json is left as it is.
create or replace function public.lb_boards() returns jsonb
language sql stable security definer set search_path = public as $$
  select coalesce(jsonb_agg(public.lb_board_json(b) || jsonb_build_object('rules', case when b.has_rules then public.lb_rules_json(b.id) end)
                  order by b.id), '[]')
  from public.boards b
$$;

create or replace function public.lb_board(p_id text) returns jsonb
language sql stable security definer set search_path = public as $$
  select public.lb_board_json(b) || jsonb_build_object('rules', case when b.has_rules then public.lb_rules_json(b.id) end)
  from public.boards b where b.id = p_id
$$;

-- Creates or updates a board with its rules, in one transaction: lb_board_upsert, then the rules.
-- p_rules holds the rule keys the request named (null clears one); a key left out keeps it.
-- cohortSize and cohortBy cannot change while the board has members; rules and a source
-- don't mix (a source writes in batches, which rules boards refuse).
create function public.lb_board_configure(
  p_id text, p_name text, p_sort text, p_operator text, p_reset text, p_writers text,
  p_min_score bigint default null, p_max_score bigint default null, p_cache_seconds integer default null,
  p_source jsonb default null, p_rank_mode text default null, p_score_format text default null,
  p_window jsonb default '{}', p_rules jsonb default '{}'
) returns jsonb
language plpgsql security definer set search_path = public as $$
declare
  v_out  jsonb;
  v_old  public.lb_board_rules;
  v_new  public.lb_board_rules;
  v_has  boolean;
  r      jsonb := coalesce(p_rules, '{}');
begin
  v_out := public.lb_board_upsert(p_id, p_name, p_sort, p_operator, p_reset, p_writers, p_min_score, p_max_score,
                                  p_cache_seconds, p_source, p_rank_mode, p_score_format, p_window);
  select * into v_old from public.lb_board_rules where board_id = p_id for update;
  v_new.board_id := p_id;
  v_new.join_required := case when r ? 'joinRequired' then coalesce((r->>'joinRequired')::boolean, false) else coalesce(v_old.join_required, false) end;
  v_new.max_size := case when r ? 'maxSize' then (r->>'maxSize')::integer else v_old.max_size end;
  v_new.max_attempts := case when r ? 'maxAttempts' then (r->>'maxAttempts')::integer else v_old.max_attempts end;
  v_new.cohort_size := case when r ? 'cohortSize' then (r->>'cohortSize')::integer else v_old.cohort_size end;
  v_new.cohort_by := case when r ? 'cohortBy' then r->>'cohortBy' else v_old.cohort_by end;
  v_new.league_tiers := case when r ? 'league' then (r->'league'->>'tiers')::integer else v_old.league_tiers end;
  v_new.league_promote := case when r ? 'league' then (r->'league'->>'promote')::integer else v_old.league_promote end;
  v_new.league_demote := case when r ? 'league' then (r->'league'->>'demote')::integer else v_old.league_demote end;
  if v_new.cohort_by is not null and v_new.cohort_size is null then
    perform public.lb_fail('invalid_rules', jsonb_build_object('cohortBy', 'needs cohortSize'));
  end if;
  if v_new.league_tiers is not null and (v_new.cohort_size is null or v_new.cohort_by is not null) then
    perform public.lb_fail('invalid_rules', jsonb_build_object('league', 'needs cohortSize, and no cohortBy: the tier is the band'));
  end if;
  if v_new.league_tiers is not null and p_reset = 'never' then
    perform public.lb_fail('invalid_rules', jsonb_build_object('league', 'needs a reset: tiers move at each period close'));
  end if;
  if (v_old.cohort_size, v_old.cohort_by, v_old.league_tiers, v_old.league_promote, v_old.league_demote)
     is distinct from (v_new.cohort_size, v_new.cohort_by, v_new.league_tiers, v_new.league_promote, v_new.league_demote)
     and exists (select 1 from public.lb_members where board_id = p_id) then
    perform public.lb_fail('board_conflict', jsonb_build_object('reason', 'cohortSize, cohortBy and league cannot change while the board has members'));
  end if;
  v_has := v_new.join_required or v_new.max_size is not null or v_new.max_attempts is not null or v_new.cohort_size is not null;
  if v_has and p_source is not null then
    perform public.lb_fail('board_conflict', jsonb_build_object('reason', 'a board with entry rules cannot have a source'));
  end if;
  if v_has then
    insert into public.lb_board_rules values (v_new.*)
    on conflict (board_id) do update set join_required = excluded.join_required, max_size = excluded.max_size,
      max_attempts = excluded.max_attempts, cohort_size = excluded.cohort_size, cohort_by = excluded.cohort_by,
      league_tiers = excluded.league_tiers, league_promote = excluded.league_promote, league_demote = excluded.league_demote;
  else
    delete from public.lb_board_rules where board_id = p_id;
  end if;
  update public.boards set has_rules = v_has where id = p_id and has_rules is distinct from v_has;
  return jsonb_build_object('created', v_out->'created', 'board', public.lb_board(p_id));
end
$$;

-- A league player's tier (1 = lowest), carried from period to period; a player without a row is in tier 1.
create table public.lb_league_tiers (
  board_id  text not null references public.boards (id) on delete cascade,
  player_id text not null,
  tier      integer not null,
  primary key (board_id, player_id)
);

-- The moves of a closed league period, and the periods closed (exactly once each).
create table public.lb_league_moves (
  board_id  text not null references public.boards (id) on delete cascade,
  period    text not null,
  player_id text not null,
  cohort    integer not null,
  rank      integer not null,
  from_tier integer not null,
  to_tier   integer not null,
  primary key (board_id, period, player_id)
);
create table public.lb_league_closed (
  board_id  text not null references public.boards (id) on delete cascade,
  period    text not null,
  closed_at timestamptz not null default now(),
  primary key (board_id, period)
);
alter table public.lb_league_tiers enable row level security;
alter table public.lb_league_moves enable row level security;
alter table public.lb_league_closed enable row level security;
revoke all on public.lb_league_tiers, public.lb_league_moves, public.lb_league_closed from public, anon, authenticated;

-- Places a player in a board period, or finds them there. The caller holds nothing; this takes
-- the period's fill row lock for a new member, so maxSize and cohort placement are exact.
-- Returns the member row and whether this call added it.
create function public.lb_member_join(
  p_board text, p_period text, p_player text, p_band text, p_now timestamptz, r public.lb_board_rules, out m public.lb_members, out added boolean
)
language plpgsql as $$
declare
  f  public.lb_period_fill;
  bf public.lb_band_fill;
  v_cohort integer;
begin
  added := false;
  select * into m from public.lb_members where board_id = p_board and period = p_period and player_id = p_player;
  if found then return; end if;
  insert into public.lb_period_fill (board_id, period) values (p_board, p_period) on conflict do nothing;
  select * into f from public.lb_period_fill where board_id = p_board and period = p_period for update;
  -- A join of the same player that held the lock before us has committed: this statement sees it.
  select * into m from public.lb_members where board_id = p_board and period = p_period and player_id = p_player;
  if found then return; end if;
  if r.max_size is not null and f.joined >= r.max_size then
    perform public.lb_fail('full', jsonb_build_object('board', p_board, 'period', p_period, 'maxSize', r.max_size));
  end if;
  -- In a league the band is the player's tier: next period's cohorts are formed within each tier.
  if r.league_tiers is not null then
    p_band := coalesce((select t.tier from public.lb_league_tiers t where t.board_id = p_board and t.player_id = p_player), 1)::text;
  end if;
  if r.cohort_size is not null then
    select * into bf from public.lb_band_fill where board_id = p_board and period = p_period and band = p_band;
    if not found or bf.filled >= r.cohort_size then
      f.cohorts := f.cohorts + 1;
      v_cohort := f.cohorts;
      insert into public.lb_band_fill (board_id, period, band, cohort, filled) values (p_board, p_period, p_band, v_cohort, 1)
      on conflict (board_id, period, band) do update set cohort = excluded.cohort, filled = 1;
    else
      v_cohort := bf.cohort;
      update public.lb_band_fill set filled = filled + 1 where board_id = p_board and period = p_period and band = p_band;
    end if;
  end if;
  update public.lb_period_fill set joined = f.joined + 1, cohorts = f.cohorts where board_id = p_board and period = p_period;
  insert into public.lb_members (board_id, period, player_id, cohort, band, attempts, joined_at)
  values (p_board, p_period, p_player, v_cohort, p_band, 0, p_now) returning * into m;
  added := true;
end
$$;

create function public.lb_member_json(m public.lb_members, r public.lb_board_rules) returns jsonb
language sql immutable as $$
  select jsonb_build_object('period', m.period, 'playerId', m.player_id, 'cohortId', m.cohort, 'band', nullif(m.band, ''),
    'attemptsUsed', m.attempts, 'attemptsLeft', case when r.max_attempts is not null then greatest(r.max_attempts - m.attempts, 0) end,
    'maxAttempts', r.max_attempts, 'joinedAt', public.lb_iso(m.joined_at),
    'tier', case when r.league_tiers is not null then m.band::integer end)
$$;

-- POST /api/boards/{board}/join: idempotent. Joining is open until the board's endsAt (also
-- before its startsAt). p_band is the server's cohortBy band ('' when none).
create function public.lb_join(p_board text, p_player text, p_band text default null, p_now timestamptz default null) returns jsonb
language plpgsql security definer set search_path = public as $$
declare
  b     record;
  r     public.lb_board_rules;
  j     record;
  v_now timestamptz := date_trunc('milliseconds', coalesce(p_now, clock_timestamp()));
  v_period text;
begin
  select id, reset, ends_at into b from public.boards where id = p_board;
  if not found then perform public.lb_fail('board_not_found', jsonb_build_object('board', p_board)); end if;
  select * into r from public.lb_board_rules where board_id = p_board;
  if not found then perform public.lb_fail('not_tournament', jsonb_build_object('board', p_board)); end if;
  if b.ends_at is not null and v_now >= b.ends_at then
    perform public.lb_fail('closed', jsonb_build_object('board', p_board, 'endsAt', public.lb_iso(b.ends_at)));
  end if;
  v_period := public.lb_period_key(b.reset, v_now);
  j := public.lb_member_join(p_board, v_period, p_player, coalesce(p_band, ''), v_now, r);
  return public.lb_member_json(j.m, r) || jsonb_build_object('joined', j.added,
    'joinedCount', (select joined from public.lb_period_fill where board_id = p_board and period = v_period), 'maxSize', r.max_size);
end
$$;

-- One submission to a rules board: the window, the membership (joining on a first submission
-- unless joinRequired), and the attempt cap, then lb_write. The membership row is locked for
-- the rest of the transaction, so one player's submissions are counted one at a time.
create function public.lb_rules_write(
  p_board text, p_sort text, p_operator text, p_reset text, p_min bigint, p_max bigint,
  p_player text, p_score bigint, p_metadata jsonb, p_now timestamptz, p_idempotency_key text, p_principal text
) returns jsonb
language plpgsql as $$
declare
  r        public.lb_board_rules;
  m        public.lb_members;
  j        record;
  v_starts timestamptz;
  v_ends   timestamptz;
  v_period text := public.lb_period_key(p_reset, p_now);
  v_res    jsonb;
begin
  select starts_at, ends_at into v_starts, v_ends from public.boards where id = p_board;
  -- Checked here too, not only on the log: an unchanged write writes no log row but is an attempt.
  if v_starts is not null and p_now < v_starts then
    perform public.lb_fail('not_open', jsonb_build_object('board', p_board, 'startsAt', public.lb_iso(v_starts)));
  end if;
  if v_ends is not null and p_now >= v_ends then
    perform public.lb_fail('closed', jsonb_build_object('board', p_board, 'endsAt', public.lb_iso(v_ends)));
  end if;
  select * into r from public.lb_board_rules where board_id = p_board;
  select * into m from public.lb_members where board_id = p_board and period = v_period and player_id = p_player for update;
  if not found then
    if r.join_required then
      perform public.lb_fail('not_joined', jsonb_build_object('board', p_board, 'playerId', p_player, 'period', v_period));
    end if;
    j := public.lb_member_join(p_board, v_period, p_player, '', p_now, r);
    select * into m from public.lb_members where board_id = p_board and period = v_period and player_id = p_player for update;
  end if;
  if r.max_attempts is not null and m.attempts >= r.max_attempts then
    perform public.lb_fail('attempts_exhausted', jsonb_build_object('board', p_board, 'playerId', p_player, 'period', v_period,
      'maxAttempts', r.max_attempts, 'attemptsUsed', m.attempts));
  end if;
  update public.lb_members set attempts = attempts + 1
    where board_id = p_board and period = v_period and player_id = p_player returning * into m;
  v_res := public.lb_write(p_board, p_sort, p_operator, p_reset, p_min, p_max, p_player, p_score, p_metadata,
                           p_now, p_idempotency_key, p_principal);
  return v_res || jsonb_build_object('member', public.lb_member_json(m, r));
end
$$;

-- lb_submit as in 20261201000000, except that a board with rules writes through lb_rules_write.
-- For a board without rules the only difference is one more column of the row it already reads.
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
  v_now   timestamptz;
begin
  select sort, operator, reset, min_score, max_score, has_rules into b from public.boards where id = p_board;
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

  v_now := date_trunc('milliseconds', coalesce(p_now, clock_timestamp()));
  if b.has_rules then
    v_res := public.lb_rules_write(p_board, b.sort, b.operator, b.reset, b.min_score, b.max_score, p_player, p_score, p_metadata,
                                   v_now, p_idempotency_key, v_prin);
  else
    v_res := public.lb_write(p_board, b.sort, b.operator, b.reset, b.min_score, b.max_score, p_player, p_score, p_metadata,
                             v_now, p_idempotency_key, v_prin);
  end if;

  if p_idempotency_key is not null then
    insert into public.idempotency (board_id, principal, key, request_hash, player_id, response)
    values (p_board, v_prin, p_idempotency_key, v_hash, p_player, v_res);
  end if;
  return v_res || jsonb_build_object('replayed', false, 'sort', b.sort);
end
$$;

-- lb_submit_batch as in 20261201000000, except that boards with rules refuse batches: every
-- submission there is a counted attempt of a member, one at a time.
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
  select sort, operator, reset, min_score, max_score, has_rules into b from public.boards where id = p_board;
  if not found then perform public.lb_fail('board_not_found', jsonb_build_object('board', p_board)); end if;
  if b.has_rules then
    perform public.lb_fail('board_conflict', jsonb_build_object('reason', 'a board with entry rules takes single submissions only'));
  end if;
  for v_item in select value, ord from jsonb_array_elements(p_entries) with ordinality as t(value, ord)
                order by value->>'playerId' collate "C", ord loop
    v_res[v_item.ord::integer] := public.lb_write(p_board, b.sort, b.operator, b.reset, b.min_score, b.max_score,
      v_item.value->>'playerId', (v_item.value->>'score')::bigint, nullif(v_item.value->'metadata', 'null'::jsonb),
      v_now, null, coalesce(p_principal, ''));
  end loop;
  return jsonb_build_object('sort', b.sort, 'results', coalesce(to_jsonb(v_res), '[]'::jsonb));
end
$$;

-- A player's membership in a board period, or null.
create function public.lb_member(p_board text, p_period text, p_player text) returns jsonb
language sql stable security definer set search_path = public as $$
  select public.lb_member_json(m, r) from public.lb_members m join public.lb_board_rules r on r.board_id = m.board_id
  where m.board_id = p_board and m.period = p_period and m.player_id = p_player
$$;

-- The entries of one cohort, ranked inside it: every entry (a cohort holds at most 1000), with
-- `rank` in the given mode (ordinal, competition, dense), in rank order. The record's answer when
-- the cohort's projection cannot give one. Hidden entries (moderation) are left out, here and in
-- the export, as from every public view.
create function public.lb_cohort_entries(p_board text, p_period text, p_cohort integer, p_mode text default 'ordinal') returns jsonb
language sql stable security definer set search_path = public as $$
  select coalesce(jsonb_agg(public.lb_entry_json(t.e) || jsonb_build_object('rank',
      case p_mode when 'competition' then t.rc when 'dense' then t.rd else t.ro end, 'position', t.ro) order by t.ro), '[]')
  from (
    select e, row_number() over w as ro, rank() over (order by e.rank_score) as rc, dense_rank() over (order by e.rank_score) as rd
    from public.lb_members m join public.entries e
      on e.board_id = m.board_id and e.period = m.period and e.player_id = m.player_id
    where m.board_id = p_board and m.period = p_period and m.cohort = p_cohort and not e.hidden
    window w as (order by e.rank_score, e.achieved_at, e.player_id)
  ) t
$$;

-- A page of a cohort's entries by player id, for rebuilding and verifying its projection.
create function public.lb_cohort_export(p_board text, p_period text, p_cohort integer, p_after text default '', p_limit integer default 1000)
returns jsonb
language sql stable security definer set search_path = public as $$
  select jsonb_build_object('entries', coalesce((select jsonb_agg(public.lb_entry_json(t) order by t.player_id) from (
    -- Driven by the cohort's members (lb_members_cohort, in player order), each entry by its key:
    -- the cost is the cohort's, not the period's.
    select e.* from public.lb_members m join public.entries e
      on e.board_id = m.board_id and e.period = m.period and e.player_id = m.player_id
    where m.board_id = p_board and m.period = p_period and m.cohort = p_cohort and m.player_id > coalesce(p_after, '') and not e.hidden
    order by m.player_id limit p_limit) t), '[]'))
$$;

-- The cohorts of a board period with their member counts, in id order.
create function public.lb_cohorts(p_board text, p_period text) returns jsonb
language sql stable security definer set search_path = public as $$
  select coalesce(jsonb_agg(jsonb_build_object('cohortId', cohort, 'members', n) order by cohort), '[]')
  from (select cohort, count(*) as n from public.lb_members
        where board_id = p_board and period = p_period and cohort is not null group by cohort) t
$$;

-- Erasure of a player's memberships (lb_player_delete erases the entries): the seat is given back
-- to maxSize; the cohort keeps its number. Returns the {period, cohortId} the player was in.
create function public.lb_member_delete(p_board text, p_player text) returns jsonb
language plpgsql security definer set search_path = public as $$
declare
  v_gone jsonb;
begin
  with gone as (
    delete from public.lb_members where board_id = p_board and player_id = p_player returning period, cohort
  ), fill as (
    update public.lb_period_fill f set joined = f.joined - 1 from gone
    where f.board_id = p_board and f.period = gone.period
  )
  select coalesce(jsonb_agg(jsonb_build_object('period', period, 'cohortId', cohort)), '[]') into v_gone from gone;
  delete from public.lb_league_tiers where board_id = p_board and player_id = p_player;
  delete from public.lb_league_moves where board_id = p_board and player_id = p_player;
  return v_gone;
end
$$;

-- Closes a league period, exactly once (later calls answer closed: false): in every cohort, members
-- ranked by their entry (members without one last), the top league_promote move up a tier and the
-- bottom league_demote down (promotion wins where the two overlap in a small cohort), within tiers
-- 1..league_tiers. The moves are kept (lb_league_moves) and the tiers carried to the next period.
create function public.lb_league_close(p_board text, p_period text) returns jsonb
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
      row_number() over (partition by m.cohort order by e.player_id is null, e.rank_score, e.achieved_at, m.player_id) as rk,
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

-- The moves of a closed league period, by cohort and rank.
create function public.lb_league_moves(p_board text, p_period text) returns jsonb
language sql stable security definer set search_path = public as $$
  select coalesce(jsonb_agg(jsonb_build_object('playerId', player_id, 'cohortId', cohort, 'rank', rank,
    'fromTier', from_tier, 'toTier', to_tier) order by cohort, rank), '[]')
  from public.lb_league_moves where board_id = p_board and period = p_period
$$;

-- GET /api/tournaments: boards with rules by state at p_now, keyset-paged after (p_after_at, p_after_id).
--   upcoming: startsAt in the future, soonest first;
--   active:   started (or no start) and not ended, soonest end first (no end last);
--   ended:    endsAt passed, most recent first.
-- Each row is the board with its rules, the players joined in its current period and the key to page after it.
create function public.lb_tournament_list(
  p_state text, p_now timestamptz default null, p_after_at text default null, p_after_id text default null, p_limit integer default 20
) returns jsonb
language sql stable security definer set search_path = public as $$
  with t as (
    select b, case p_state when 'upcoming' then b.starts_at when 'active' then coalesce(b.ends_at, 'infinity') else b.ends_at end as at
    from public.boards b
    where b.has_rules and case p_state
      when 'upcoming' then b.starts_at > coalesce(p_now, now())
      when 'active' then (b.starts_at is null or b.starts_at <= coalesce(p_now, now())) and (b.ends_at is null or b.ends_at > coalesce(p_now, now()))
      when 'ended' then b.ends_at <= coalesce(p_now, now())
      else false end
  ), page as (
    select * from t
    where p_after_id is null
       or (p_state <> 'ended' and (t.at, (t.b).id) > (p_after_at::timestamptz, p_after_id))
       or (p_state = 'ended' and (t.at, (t.b).id) < (p_after_at::timestamptz, p_after_id))
    order by case when p_state = 'ended' then null else t.at end, case when p_state = 'ended' then null else (t.b).id end,
             t.at desc, (t.b).id desc
    limit p_limit
  )
  select coalesce(jsonb_agg(public.lb_board_json(p.b) || jsonb_build_object(
      'rules', public.lb_rules_json((p.b).id),
      'joined', coalesce((select f.joined from public.lb_period_fill f
                          where f.board_id = (p.b).id and f.period = public.lb_period_key((p.b).reset, coalesce(p_now, now()))), 0),
      'cursorAt', case when p.at = 'infinity' then 'infinity' else public.lb_iso(p.at) end)
    order by case when p_state = 'ended' then null else p.at end, case when p_state = 'ended' then null else (p.b).id end,
             p.at desc, (p.b).id desc), '[]')
  from page p
$$;

revoke execute on function
  public.lb_rules_json(text), public.lb_board_configure(text, text, text, text, text, text, bigint, bigint, integer, jsonb, text, text, jsonb, jsonb),
  public.lb_member_join(text, text, text, text, timestamptz, public.lb_board_rules), public.lb_member_json(public.lb_members, public.lb_board_rules),
  public.lb_join(text, text, text, timestamptz),
  public.lb_rules_write(text, text, text, text, bigint, bigint, text, bigint, jsonb, timestamptz, text, text),
  public.lb_member(text, text, text), public.lb_cohort_entries(text, text, integer, text),
  public.lb_cohort_export(text, text, integer, text, integer), public.lb_cohorts(text, text),
  public.lb_member_delete(text, text), public.lb_tournament_list(text, timestamptz, text, text, integer),
  public.lb_league_close(text, text), public.lb_league_moves(text, text)
  from public, anon, authenticated;
grant execute on function
  public.lb_rules_json(text), public.lb_board_configure(text, text, text, text, text, text, bigint, bigint, integer, jsonb, text, text, jsonb, jsonb),
  public.lb_member_join(text, text, text, text, timestamptz, public.lb_board_rules), public.lb_member_json(public.lb_members, public.lb_board_rules),
  public.lb_join(text, text, text, timestamptz),
  public.lb_rules_write(text, text, text, text, bigint, bigint, text, bigint, jsonb, timestamptz, text, text),
  public.lb_member(text, text, text), public.lb_cohort_entries(text, text, integer, text),
  public.lb_cohort_export(text, text, integer, text, integer), public.lb_cohorts(text, text),
  public.lb_member_delete(text, text), public.lb_tournament_list(text, timestamptz, text, text, integer),
  public.lb_league_close(text, text), public.lb_league_moves(text, text)
  to service_role;
