import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from './migrate.ts';
import { openPglite } from './pglite.ts';
import type { Sql } from './sql.ts';

const FIXTURES = fileURLToPath(new URL('../gateway/fixtures/migrations', import.meta.url));

let sql: Sql;
beforeAll(async () => {
  sql = await openPglite({});
});
afterAll(async () => {
  await sql?.close();
});

describe('applyMigrations on PGlite', () => {
  it('applies each file once, in order, and nothing the second time', async () => {
    const logs: string[] = [];
    const first = await applyMigrations(sql, FIXTURES, (m) => logs.push(m));
    expect(first).toEqual(['20240101000000_scores.sql', '20240101000100_functions.sql']);
    expect(logs).toHaveLength(2);
    expect(await applyMigrations(sql, FIXTURES)).toEqual([]);
    const rows = await sql.query<{ version: string; name: string }>('select version, name from supabase_migrations.schema_migrations order by version');
    expect(rows).toEqual([
      { version: '20240101000000', name: 'scores' },
      { version: '20240101000100', name: 'functions' },
    ]);
  });

  it('creates the Supabase roles, and SET ROLE really enforces grants', async () => {
    const roles = await sql.query<{ rolname: string; rolcanlogin: boolean }>(
      `select rolname, rolcanlogin from pg_roles where rolname in ('anon', 'authenticated', 'service_role') order by rolname`,
    );
    expect(roles).toEqual([
      { rolname: 'anon', rolcanlogin: false },
      { rolname: 'authenticated', rolcanlogin: false },
      { rolname: 'service_role', rolcanlogin: false },
    ]);
    const who = await sql.transaction(async (tx) => {
      await tx.exec('set local role service_role');
      return tx.query<{ u: string; n: string }>('select current_user as u, public.echo_int8(9007199254740993) as n');
    });
    expect(who).toEqual([{ u: 'service_role', n: '9007199254740993' }]); // int8 stays a string
    await expect(
      sql.transaction(async (tx) => {
        await tx.exec('set local role anon');
        await tx.query('select public.secret()');
      }),
    ).rejects.toMatchObject({ code: '42501' });
    expect(await sql.query('select current_user as u')).toEqual([{ u: 'postgres' }]);
  });

  it('rolls back a failing migration, does not record it, and names the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'migrations-'));
    try {
      await writeFile(join(dir, '001_ok.sql'), 'create table public.m_ok (id int);');
      await writeFile(join(dir, '002_bad.sql'), 'create table public.m_bad (id int); select 1/0;');
      await expect(applyMigrations(sql, dir)).rejects.toThrow(/002_bad\.sql failed: division by zero/);
      const tables = await sql.query<{ t: string | null; b: string | null }>(`select to_regclass('public.m_ok')::text as t, to_regclass('public.m_bad')::text as b`);
      expect(tables).toEqual([{ t: 'm_ok', b: null }]);
      await writeFile(join(dir, '002_bad.sql'), 'create table public.m_bad (id int);');
      expect(await applyMigrations(sql, dir)).toEqual(['002_bad.sql']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('serializes concurrent transactions on the single PGlite session', async () => {
    await sql.exec('create table public.counter (n int); insert into public.counter values (0);');
    await Promise.all(
      Array.from({ length: 20 }, () =>
        sql.transaction(async (tx) => {
          const [row] = await tx.query<{ n: number }>('select n from public.counter');
          await new Promise((r) => setTimeout(r, 1));
          await tx.query('update public.counter set n = $1', [(row?.n ?? 0) + 1]);
        }),
      ),
    );
    expect(await sql.query('select n from public.counter')).toEqual([{ n: 20 }]);
  });
});
