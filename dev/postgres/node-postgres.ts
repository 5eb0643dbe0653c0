/** A real PostgreSQL server through a node-postgres Pool, behind the {@link Sql} interface. */
import pg from 'pg';
import type { CustomTypesConfig, PoolClient } from 'pg';
import type { Sql, SqlTx } from './sql.ts';

const INT8 = 20;
const NUMERIC = 1700;
const INT8_ARRAY = 1016;
const NUMERIC_ARRAY = 1231;
const TEXT_ARRAY = 1009;
type TypeId = Parameters<typeof pg.types.getTypeParser>[0];

/**
 * Per-pool type parsers (never the global pg.types registry, which other code may change):
 * int8 and numeric stay strings so no value loses precision; their arrays become string arrays.
 */
const TYPES: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => value;
    if (oid === INT8_ARRAY || oid === NUMERIC_ARRAY) return pg.types.getTypeParser(TEXT_ARRAY as TypeId, format);
    return pg.types.getTypeParser(oid as TypeId, format);
  }) as CustomTypesConfig['getTypeParser'],
};

/** Opens a pool on `url` and checks it with `select 1`; connection errors reject, never crash. */
export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<Sql> {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    types: TYPES,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection (server restart, network) emits 'error' on the pool;
  // without a listener Node would crash. The next query simply gets a fresh connection.
  pool.on('error', () => {});
  const onClientError = (): void => {};

  const wrap = (q: pg.Pool | PoolClient): SqlTx => ({
    async query<T>(text: string, params?: unknown[]): Promise<T[]> {
      return (await q.query(text, params)).rows as T[];
    },
    async exec(script: string): Promise<void> {
      await q.query(script); // no params: simple protocol, several statements allowed
    },
  });
  const base = wrap(pool);
  let closed = false;
  const sql: Sql = {
    kind: 'postgres',
    query: base.query,
    exec: base.exec,
    async transaction<R>(fn: (tx: SqlTx) => Promise<R>): Promise<R> {
      const client = await pool.connect();
      // A checked-out client also emits 'error' if its connection dies between queries.
      client.on('error', onClientError);
      let broken = false;
      try {
        await client.query('begin');
        const result = await fn(wrap(client));
        await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch(() => {
          broken = true;
        });
        throw err;
      } finally {
        client.off('error', onClientError);
        client.release(broken ? true : undefined);
      }
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
  try {
    await sql.query('select 1');
  } catch (err) {
    await sql.close().catch(() => {});
    throw err;
  }
  return sql;
}
