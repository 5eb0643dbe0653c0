-- The API roles (anon, authenticated) may use nothing in the schema (see 20261201000100).
-- Objects made by later migrations got hosted Supabase's default grants again (edge_purges'
-- identity sequence among them), so revoke once more. A migration that adds an object revokes
-- it itself; dev/postgres/grants.test.ts fails on any it forgets.
revoke all on all sequences in schema public from public, anon, authenticated;
revoke execute on all functions in schema public from public, anon, authenticated;
revoke all on all tables in schema public from public, anon, authenticated;
