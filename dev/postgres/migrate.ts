/** Applies supabase/migrations-style SQL files, recorded like the Supabase CLI records them. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Sql } from './sql.ts';

/**
 * Supabase's standard API roles, created idempotently, with hosted Supabase's grants: `service_role`
 * BYPASSRLS, usage on `public` for the three roles, and the default privileges that give anon,
 * authenticated and service_role everything created in `public` (tables, functions, sequences).
 * A migration must therefore revoke what the API roles must not have, exactly as in production;
 * dev/postgres/grants.test.ts checks that it does. (Postgres also grants EXECUTE on a new function
 * to PUBLIC.) The session user gets membership in the roles when it is not a superuser, so SET ROLE
 * works. Works the same on PGlite (a single superuser session: CREATE ROLE, GRANT and SET ROLE
 * behave as on a server; the roles just cannot log in, which NOLOGIN says anyway).
 */
const BOOTSTRAP = `
do $$
begin
  if not exists (select 1 from pg_catalog.pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_catalog.pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_catalog.pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  if not (select rolsuper from pg_catalog.pg_roles where rolname = current_user) then
    execute format('grant anon, authenticated, service_role to %I', current_user);
  end if;
end
$$;
grant usage on schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
  version text primary key,
  name text,
  applied_at timestamptz default now()
);
`;

// Serializes concurrent migrators (two processes on one server) for the whole transaction.
const LOCK = `select pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('supabase_migrations'))`;

/**
 * Ensures the Supabase roles and the migrations table, then applies each not yet recorded
 * `*.sql` file of `dir` in lexical order, each in its own transaction. Returns the file names
 * applied by this call. `version` is the file name's part before the first `_` (the CLI's
 * timestamp), `name` the rest. Files must not contain BEGIN/COMMIT or statements that refuse to
 * run in a transaction (e.g. CREATE INDEX CONCURRENTLY).
 */
export async function applyMigrations(sql: Sql, dir: string, log?: (msg: string) => void): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (err) {
    throw new Error(`migrations dir ${dir} cannot be read: ${(err as Error).message}`, { cause: err });
  }
  const files = entries.filter((f) => f.endsWith('.sql')).sort();
  await sql.transaction(async (tx) => {
    await tx.query(LOCK);
    await tx.exec(BOOTSTRAP);
  });

  const applied: string[] = [];
  for (const file of files) {
    const { version, name } = parseName(file);
    const script = await readFile(join(dir, file), 'utf8');
    const ran = await sql
      .transaction(async (tx) => {
        await tx.query(LOCK);
        const done = await tx.query('select 1 from supabase_migrations.schema_migrations where version = $1', [version]);
        if (done.length > 0) return false;
        await tx.exec(script);
        // A migration's session-level SET ROLE / search_path must not leak into later queries
        // (PGlite has a single session shared with the gateway).
        await tx.exec('reset role; reset search_path;');
        await tx.query('insert into supabase_migrations.schema_migrations (version, name) values ($1, $2)', [version, name]);
        return true;
      })
      .catch((err: unknown) => {
        const e = err as { message?: string; code?: string; detail?: string; hint?: string };
        const wrapped = new Error(`migration ${file} failed: ${e.message ?? String(err)}`, { cause: err });
        throw Object.assign(wrapped, { code: e.code, detail: e.detail, hint: e.hint });
      });
    if (ran) {
      applied.push(file);
      log?.(`applied migration ${file}`);
    }
  }
  return applied;
}

function parseName(file: string): { version: string; name: string } {
  const base = file.slice(0, -'.sql'.length);
  const cut = base.indexOf('_');
  return cut > 0 ? { version: base.slice(0, cut), name: base.slice(cut + 1) } : { version: base, name: base };
}
