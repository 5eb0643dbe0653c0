-- A board's audit log a page at a time, newest first, for GET /api/boards/{board}/audit
-- (docs/operations.md#operations-over-http). lb_audit (20261124000000) returns the latest records
-- without their ids; this one returns the ids too, and the records older than p_before.
create function public.lb_audit_page(p_board text, p_limit integer default 50, p_before bigint default null) returns jsonb
language sql stable security definer set search_path = public as $$
  select coalesce(jsonb_agg(jsonb_build_object('id', id, 'action', action, 'at', public.lb_iso(at), 'detail', detail) order by id desc), '[]')
  from (select * from public.audit_log where board_id = p_board and (p_before is null or id < p_before)
        order by id desc limit p_limit) a
$$;

revoke execute on function public.lb_audit_page(text, integer, bigint) from public, anon, authenticated;
grant execute on function public.lb_audit_page(text, integer, bigint) to service_role;
