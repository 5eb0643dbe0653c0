/**
 * The project's own migrations: a database made by an earlier release upgrades in place.
 * Migrations are append-only, so each release's files apply on top of the previous ones.
 */
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { applyMigrations } from './migrate.ts';
import { openPglite } from './pglite.ts';
import type { Sql } from './sql.ts';

const MIGRATIONS = fileURLToPath(new URL('../../supabase/migrations', import.meta.url));
let sql: Sql | undefined;
let dir: string | undefined;
afterAll(async () => {
  await sql?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('supabase/migrations', () => {
  it('upgrades a database made from the first migration alone, keeping its boards', async () => {
    const files = (await readdir(MIGRATIONS)).filter((f) => f.endsWith('.sql')).sort();
    expect(files.length).toBeGreaterThan(1);
    dir = await mkdtemp(join(tmpdir(), 'lb-migrations-'));
    await copyFile(join(MIGRATIONS, files[0]!), join(dir, files[0]!));
    sql = await openPglite({});
    expect(await applyMigrations(sql, dir)).toEqual([files[0]]);
    await sql.query(`select public.lb_board_upsert('old', 'Old', 'desc', 'best', 'never', 'server')`);

    expect(await applyMigrations(sql, MIGRATIONS)).toEqual(files.slice(1));
    const [row] = await sql.query<{ b: { id: string; source: unknown } }>(`select public.lb_board('old') as b`);
    expect(row!.b).toMatchObject({ id: 'old', source: null });
    const [up] = await sql.query<{ r: { created: boolean } }>(
      `select public.lb_board_upsert('old', 'Old', 'desc', 'best', 'never', 'server', null, null, null, '{"url":"https://e.com/x.json","playerIdField":"a","scoreField":"b"}') as r`,
    );
    expect(up!.r.created).toBe(false);
  });
});
