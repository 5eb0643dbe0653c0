-- lb_repair_list reports requested_at to the millisecond (lb_iso), but Postgres stores it to the
-- microsecond, so a repair done "up to" the reported time never matched its own row and stayed
-- pending for ever. Compare at the precision the caller was given. (PGlite's clock happened to
-- tick in whole milliseconds, which hid this until the tests ran on PostgreSQL 15.)
create or replace function public.lb_repair_done(p_board text, p_period text, p_before timestamptz) returns void
language sql security definer set search_path = public as $$
  delete from public.projection_repairs
  where board_id = p_board and period = p_period and date_trunc('milliseconds', requested_at) <= p_before
$$;
