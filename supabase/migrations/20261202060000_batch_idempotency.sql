-- A batch with an Idempotency-Key is applied once per (board, principal, key), like a single
-- submission: a replay with the same body returns the first answer with "replayed": true, a
-- different body raises idempotency_conflict. The edge gives every write a key, so a captured
-- signed batch replayed within the signature's 5 minutes, or the edge's own retry of a batch whose
-- answer was lost, no longer applies its increments twice.
--
-- The stored answer holds the batch's entries and their metadata, so erasing a player also
-- deletes every stored batch answer that names them (lb_player_delete below).
create table public.batch_idempotency (
  board_id     text not null references public.boards (id) on delete cascade,
  principal    text not null,
  key          text not null,
  request_hash text not null,
  players      text[] not null,
  response     jsonb not null,
  created_at   timestamptz not null default now(),
  primary key (board_id, principal, key)
);
create index batch_idempotency_players on public.batch_idempotency using gin (players);
alter table public.batch_idempotency enable row level security;
revoke all on table public.batch_idempotency from public, anon, authenticated;

-- lb_submit_batch with an idempotency key. Two requests with the same key are serialised by an
-- advisory lock on that key alone (the same lock space as lb_submit's keys, distinct by prefix).
create function public.lb_submit_batch_once(
  p_board text, p_entries jsonb, p_idempotency_key text, p_principal text default '', p_now timestamptz default null
) returns jsonb
language plpgsql security definer set search_path = public as $$
declare
  v_prin  text := coalesce(p_principal, '');
  v_hash  text := md5(p_entries::text);
  v_prior public.batch_idempotency;
  v_res   jsonb;
begin
  perform pg_advisory_xact_lock(hashtextextended('batch/' || p_board || '/' || v_prin || '/' || p_idempotency_key, 19));
  select * into v_prior from public.batch_idempotency
    where board_id = p_board and principal = v_prin and key = p_idempotency_key;
  if found then
    if v_prior.request_hash <> v_hash then
      perform public.lb_fail('idempotency_conflict', jsonb_build_object('key', p_idempotency_key));
    end if;
    return v_prior.response || jsonb_build_object('replayed', true);
  end if;
  v_res := public.lb_submit_batch(p_board, p_entries, v_prin, p_now);
  insert into public.batch_idempotency (board_id, principal, key, request_hash, players, response)
  values (p_board, v_prin, p_idempotency_key, v_hash,
          array(select distinct e->>'playerId' from jsonb_array_elements(p_entries) e), v_res);
  return v_res || jsonb_build_object('replayed', false);
end
$$;

-- Erasure also reaches stored batch answers that name the player.
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
  delete from public.batch_idempotency where board_id = p_board and players @> array[p_player];
  insert into public.audit_log (action, board_id, detail)
  values ('player_deleted', p_board, jsonb_build_object('entries', v_entries, 'submissions', v_subs));
  return jsonb_build_object('periods', v_periods, 'entries', v_entries);
end
$$;

revoke execute on function public.lb_submit_batch_once(text, jsonb, text, text, timestamptz) from public, anon, authenticated;
grant execute on function public.lb_submit_batch_once(text, jsonb, text, text, timestamptz) to service_role;
