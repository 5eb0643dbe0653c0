-- The API roles (anon, authenticated) may use nothing in the schema: every read and write goes
-- through the origin with the service role. Hosted Supabase grants anon and authenticated
-- everything created in `public` by default, so each object must be revoked explicitly.
-- dev/postgres/grants.test.ts lists every table, function and sequence and checks this.

-- audit_log's identity sequence kept Supabase's default grants (usage, select, update).
revoke all on all sequences in schema public from public, anon, authenticated;

-- Already revoked function by function; repeated for all, so that none is left over.
revoke execute on all functions in schema public from public, anon, authenticated;
revoke all on all tables in schema public from public, anon, authenticated;
