/**
 * The minimal SQL surface the local platform needs, implemented by PGlite (embedded) and
 * node-postgres (a real server). Value conventions are the same for both drivers:
 * int8 and numeric (and their arrays) come back as strings so nothing loses precision,
 * json/jsonb are parsed, timestamps are Dates. Errors from the server carry the SQLSTATE in
 * `code` plus `detail`/`hint` (see {@link DbError}); connection failures have no SQLSTATE.
 */

/** Statements that can run inside a transaction. */
export interface SqlTx {
  /** One statement, optionally with `$1..$n` parameters; returns its rows. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** A script of one or more statements, no parameters (simple query protocol). */
  exec(script: string): Promise<void>;
}

/** A database handle. */
export interface Sql extends SqlTx {
  /** Runs `fn` in BEGIN..COMMIT on one connection; rolls back and rethrows if it throws. */
  transaction<R>(fn: (tx: SqlTx) => Promise<R>): Promise<R>;
  /** Releases the connection(s); for PGlite this also flushes and unlocks its data dir. */
  close(): Promise<void>;
  readonly kind: 'pglite' | 'postgres';
}

/** The fields a Postgres server error carries (both drivers use these names). */
export interface DbError {
  code: string;
  message: string;
  detail?: string | null;
  hint?: string | null;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** Returns the error as a {@link DbError} when it is a server error with a SQLSTATE, else null. */
export function asDbError(err: unknown): DbError | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as { code?: unknown; message?: unknown; detail?: unknown; hint?: unknown };
  if (typeof e.code !== 'string' || !SQLSTATE.test(e.code)) return null;
  return {
    code: e.code,
    message: typeof e.message === 'string' ? e.message : '',
    detail: typeof e.detail === 'string' ? e.detail : null,
    hint: typeof e.hint === 'string' ? e.hint : null,
  };
}
