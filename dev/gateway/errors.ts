/** PostgREST's error bodies and its SQLSTATE → HTTP status table (PostgREST v12, Error.hs). */
import type { DbError } from '../postgres/sql.ts';

/** The JSON body PostgREST sends for every error. */
export interface PgrstErrorBody {
  code: string;
  details: string | null;
  hint: string | null;
  message: string;
}

/** A gateway-level error response: status, body and extra headers. */
export interface ErrorReply {
  status: number;
  body: PgrstErrorBody;
  headers?: Record<string, string>;
}

/**
 * HTTP status for a SQLSTATE, as PostgREST v12 maps it. `anon` says whether the request ran
 * as the anonymous role (42501 is then 401, else 403).
 */
export function statusForSqlState(code: string, anon: boolean, message = ''): number {
  const c2 = code.slice(0, 2);
  if (code === '42501') return anon ? 401 : 403; // insufficient_privilege
  if (code === '23503' || code === '23505') return 409; // foreign_key / unique violation
  if (code === '25006') return 405; // read_only_sql_transaction (volatile function over GET)
  if (code === '21000') return message.endsWith('requires a WHERE clause') ? 400 : 500; // cardinality
  if (code === '57P01') return 503; // terminating connection due to administrator command
  if (code === 'P0001') return 400; // RAISE EXCEPTION default
  if (code === '42883') return message.startsWith('function xmlagg(') ? 406 : 404; // undefined_function
  if (code === '42P01') return 404; // undefined_table
  if (c2 === 'PT') {
    const n = Number(code.slice(2)); // RAISE SQLSTATE 'PT402' → HTTP 402
    return Number.isInteger(n) && n >= 100 && n <= 599 ? n : 500;
  }
  switch (c2) {
    case '08': return 503; // connection exception
    case '09': return 500; // triggered action exception
    case '0L': return 403; // invalid grantor
    case '0P': return 403; // invalid role specification
    case '25': return 500; // invalid transaction state
    case '28': return 403; // invalid authorization specification
    case '2D': return 500; // invalid transaction termination
    case '38': return 500; // external routine exception
    case '39': return 500; // external routine invocation
    case '3B': return 500; // savepoint exception
    case '40': return 500; // transaction rollback (40001 serialization, 40P01 deadlock)
    case '53': return 503; // insufficient resources
    case '54': return 413; // program limit exceeded ("too complex")
    case '55': return 500; // object not in prerequisite state
    case '57': return 500; // operator intervention (57014 query_canceled / statement_timeout)
    case '58': return 500; // system error
    case 'F0': return 500; // config file error
    case 'HV': return 500; // foreign data wrapper error
    case 'P0': return 500; // other PL/pgSQL errors (P0002 no_data_found, P0003, P0004)
    case 'XX': return 500; // internal error
    default: return 400; // everything else: 22xxx data exceptions, other 23xxx, 42xxx, ...
  }
}

/** Maps a Postgres server error to PostgREST's response. */
export function replyForDbError(err: DbError, anon: boolean): ErrorReply {
  const status = statusForSqlState(err.code, anon, err.message);
  const reply: ErrorReply = {
    status,
    body: { code: err.code, details: err.detail ?? null, hint: err.hint ?? null, message: err.message },
  };
  if (status === 401) reply.headers = { 'WWW-Authenticate': 'Bearer' };
  return reply;
}

/** Builds a PostgREST-shaped error reply. */
export function pgrstError(status: number, code: string, message: string, details: string | null = null, hint: string | null = null): ErrorReply {
  return { status, body: { code, details, hint, message } };
}

/** The database could not be reached (connection refused, pool closed, PGlite closed...). */
export function connectionError(err: unknown): ErrorReply {
  const details = err instanceof Error ? err.message : String(err);
  return pgrstError(503, 'PGRST001', 'Database client error. Retrying the connection.', details);
}

/** PGRST202: no function with that name takes exactly these argument names. */
export function noFunctionError(schema: string, fn: string, keys: string[], jsonBody: boolean): ErrorReply {
  const names = [...keys].sort();
  const qualified = `${schema}.${fn}`;
  const withParams = names.length === 0 ? ' without parameters' : ` with parameter${names.length > 1 ? 's' : ''} ${names.join(', ')}`;
  const details = `Searched for the function ${qualified}${withParams}${jsonBody ? ' or with a single unnamed json/jsonb parameter' : ''}, but no matches were found in the schema cache.`;
  const message = `Could not find the function ${qualified}${names.length === 0 ? ' without parameters' : `(${names.join(', ')})`} in the schema cache`;
  return pgrstError(404, 'PGRST202', message, details);
}
