/**
 * Grants are tested, not assumed: after every migration, Supabase's API roles `anon` and
 * `authenticated` can execute no function and use no sequence or table of the schema. The database
 * has hosted Supabase's default grants (dev/postgres/migrate.ts), so anything a migration forgets
 * to revoke shows up here, including the functions of later migrations.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from './migrate.ts';
import { openPglite } from './pglite.ts';
import type { Sql } from './sql.ts';

const MIGRATIONS = fileURLToPath(new URL('../../supabase/migrations', import.meta.url));
const API_ROLES = ['anon', 'authenticated'];
let sql: Sql;

beforeAll(async () => {
  sql = await openPglite({});
  await applyMigrations(sql, MIGRATIONS);
}, 120_000);
afterAll(async () => sql?.close());

/** Every object of `kind` in public that one of the API roles holds `privileges` on. */
async function granted(objects: string, check: string): Promise<string[]> {
  const rows = await sql.query<{ what: string }>(
    `select r.rolname || ' on ' || o.name as what
       from (${objects}) o cross join (select unnest($1::text[]) as rolname) r
      where ${check}
      order by 1`,
    [API_ROLES],
  );
  return rows.map((r) => r.what);
}

const FUNCTIONS = `select p.oid, p.oid::regprocedure::text as name from pg_catalog.pg_proc p where p.pronamespace = 'public'::regnamespace`;
const SEQUENCES = `select c.oid, c.oid::regclass::text as name from pg_catalog.pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind = 'S'`;
const TABLES = `select c.oid, c.oid::regclass::text as name from pg_catalog.pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'v', 'm', 'p', 'f')`;

describe('grants of the API roles after every migration', () => {
  it('the database has hosted Supabase default grants, so a forgotten revoke would show', async () => {
    await sql.transaction(async (tx) => {
      await tx.exec(`create function public.lb_grants_probe() returns int language sql as 'select 1';
                     create sequence public.lb_grants_probe_seq;`);
      const rows = await tx.query<{ f: boolean; s: boolean }>(
        `select has_function_privilege('anon', 'public.lb_grants_probe()', 'EXECUTE') as f,
                has_sequence_privilege('authenticated', 'public.lb_grants_probe_seq', 'USAGE') as s`,
      );
      expect(rows[0]).toEqual({ f: true, s: true });
      throw new Error('rollback');
    }).catch((err: Error) => {
      if (err.message !== 'rollback') throw err;
    });
  });

  it('lists the schema: the functions and sequences are there to check', async () => {
    expect((await sql.query(FUNCTIONS)).length).toBeGreaterThan(10);
    expect((await sql.query<{ name: string }>(SEQUENCES)).map((r) => r.name)).toContain('audit_log_id_seq');
  });

  it('anon and authenticated can execute no function', async () => {
    expect(await granted(FUNCTIONS, `has_function_privilege(r.rolname, o.oid, 'EXECUTE')`)).toEqual([]);
  });

  it('anon and authenticated can use no sequence', async () => {
    expect(await granted(SEQUENCES, `has_sequence_privilege(r.rolname, o.oid, 'USAGE, SELECT, UPDATE')`)).toEqual([]);
  });

  it('anon and authenticated have no privilege on any table', async () => {
    expect(await granted(TABLES, `has_table_privilege(r.rolname, o.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')`)).toEqual([]);
  });

  it('the service role can still execute every function', async () => {
    const rows = await sql.query<{ name: string }>(`select o.name from (${FUNCTIONS}) o where not has_function_privilege('service_role', o.oid, 'EXECUTE')`);
    expect(rows.map((r) => r.name)).toEqual([]);
  });
});
