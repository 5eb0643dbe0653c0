/** Local Postgres runners and helpers. */
export type { Sql, SqlTx, DbError } from './sql.ts';
export { asDbError } from './sql.ts';
export { openPglite } from './pglite.ts';
export { openPostgres } from './node-postgres.ts';
export { startPostgres15 } from './pg15.ts';
export type { Postgres15 } from './pg15.ts';
export { applyMigrations } from './migrate.ts';
