/** The gateway's view of callable functions, read from pg_catalog (like PostgREST's schema cache). */
import type { Sql } from '../postgres/sql.ts';

export interface RpcParam {
  /** '' for an unnamed parameter. */
  name: string;
  /** SQL type as format_type() prints it, schema-qualified unless in pg_catalog. */
  type: string;
  variadic: boolean;
  /** false when the parameter has a DEFAULT and may be omitted. */
  required: boolean;
}

/** How the result is shaped into JSON. */
export type RpcReturns = 'void' | 'scalar' | 'setof-scalar' | 'composite' | 'setof-composite';

export interface RpcFunction {
  schema: string;
  name: string;
  /** Input parameters (IN, INOUT, VARIADIC) in declaration order. */
  params: RpcParam[];
  returns: RpcReturns;
}

interface CatalogRow {
  name: string;
  retset: boolean;
  is_void: boolean;
  is_composite: boolean;
  ndefaults: number;
  args: string | null;
}

interface CatalogArg {
  name: string | null;
  type: string;
  mode: string | null;
}

// Composite like PostgREST: a row type, an anonymous record, or any OUT/INOUT/TABLE parameter.
// search_path is pg_catalog while reading, so format_type() qualifies every non-built-in type.
const CATALOG_QUERY = `
select p.proname as name,
       p.proretset as retset,
       p.prorettype = 'pg_catalog.void'::pg_catalog.regtype as is_void,
       (t.typtype = 'c' or p.prorettype = 'pg_catalog.record'::pg_catalog.regtype
         or coalesce(p.proargmodes::text[] && '{t,b,o}', false)) as is_composite,
       p.pronargdefaults::int as ndefaults,
       (select json_agg(json_build_object('name', a.name, 'type', format_type(a.typ, null), 'mode', a.mode) order by a.ord)::text
          from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]), p.proargmodes, p.proargnames)
               with ordinality as a(typ, mode, name, ord)) as args
  from pg_proc p
  join pg_namespace n on n.oid = p.pronamespace
  join pg_type t on t.oid = p.prorettype
 where n.nspname = $1 and p.prokind = 'f'`;

/** Loads every plain function of `schema`, keyed by name (overloads share a key). */
export async function loadFunctions(sql: Sql, schema: string): Promise<Map<string, RpcFunction[]>> {
  const rows = await sql.transaction(async (tx) => {
    await tx.query(`select pg_catalog.set_config('search_path', 'pg_catalog', true)`);
    return tx.query<CatalogRow>(CATALOG_QUERY, [schema]);
  });
  const byName = new Map<string, RpcFunction[]>();
  for (const row of rows) {
    const all = row.args ? (JSON.parse(row.args) as CatalogArg[]) : [];
    const inputs = all.filter((a) => a.mode === null || a.mode === 'i' || a.mode === 'b' || a.mode === 'v');
    const firstOptional = inputs.length - row.ndefaults;
    const params = inputs.map((a, i) => ({ name: a.name ?? '', type: a.type, variadic: a.mode === 'v', required: i < firstOptional }));
    const returns: RpcReturns = row.is_void ? 'void' : row.is_composite ? (row.retset ? 'setof-composite' : 'composite') : row.retset ? 'setof-scalar' : 'scalar';
    const fn: RpcFunction = { schema, name: row.name, params, returns };
    byName.set(row.name, [...(byName.get(row.name) ?? []), fn]);
  }
  return byName;
}

/** The outcome of matching a call's argument names against the overloads of one name. */
export type Resolution =
  | { kind: 'named'; fn: RpcFunction }
  | { kind: 'single-json'; fn: RpcFunction }
  | { kind: 'none' }
  | { kind: 'ambiguous'; fns: RpcFunction[] };

/**
 * PostgREST's overload choice: a function matches when every supplied key is one of its
 * parameters and every required parameter is supplied. If none matches, a POST with a JSON body
 * falls back to a function taking a single unnamed json/jsonb parameter.
 */
export function resolveFunction(candidates: RpcFunction[], keys: string[], jsonBody: boolean): Resolution {
  const supplied = new Set(keys);
  const named = candidates.filter((fn) => {
    const names = new Set(fn.params.map((p) => p.name).filter((n) => n !== ''));
    if (fn.params.some((p) => p.name === '' && p.required)) return false;
    return [...supplied].every((k) => names.has(k)) && fn.params.every((p) => !p.required || supplied.has(p.name));
  });
  if (named.length === 1 && named[0]) return { kind: 'named', fn: named[0] };
  if (named.length > 1) return { kind: 'ambiguous', fns: named };
  if (!jsonBody) return { kind: 'none' };
  const single = candidates.filter((fn) => fn.params.length === 1 && fn.params[0]?.name === '' && /^jsonb?$/.test(fn.params[0].type));
  if (single.length === 1 && single[0]) return { kind: 'single-json', fn: single[0] };
  if (single.length > 1) return { kind: 'ambiguous', fns: single };
  return { kind: 'none' };
}

/** A cache of {@link loadFunctions} that reloads on demand, sharing one reload among callers. */
export class SchemaCache {
  private functions: Map<string, RpcFunction[]> | null = null;
  private loading: Promise<Map<string, RpcFunction[]>> | null = null;

  constructor(
    private readonly sql: Sql,
    private readonly schema: string,
  ) {}

  /** Overloads named `name`, loading the cache on first use. */
  async get(name: string): Promise<RpcFunction[]> {
    const fns = this.functions ?? (await this.reload());
    return fns.get(name) ?? [];
  }

  /** Re-reads the catalog (concurrent callers share one query). */
  reload(): Promise<Map<string, RpcFunction[]>> {
    this.loading ??= loadFunctions(this.sql, this.schema)
      .then((fns) => {
        this.functions = fns;
        return fns;
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }
}
