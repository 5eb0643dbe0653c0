/** Builds the one SQL statement that calls a function and renders its result as JSON text. */
import type { RpcFunction } from './schema-cache.ts';

/** How arguments travel: a JSON object body, text query-string values, or one raw JSON value. */
export type ArgsMode = 'json' | 'text' | 'single-json';

/**
 * Returns SQL taking one parameter `$1` (a JSON document) and yielding one row with `body`
 * (the response JSON as text, or null) and `n` (rows for set-returning functions).
 * Like PostgREST, the arguments are unpacked in SQL with json_to_record() using the declared
 * parameter types, so numbers are parsed by Postgres itself: an int8 or numeric argument
 * arrives exactly as written in the request, however large. Query-string arguments ('text')
 * are unpacked as text and cast to the declared type. The output is built with to_json /
 * json_agg and returned verbatim, so int8 results keep every digit as they do in PostgREST.
 * `single` (Accept: application/vnd.pgrst.object+json) makes a set's body its first element.
 */
export function buildCall(fn: RpcFunction, keys: string[], mode: ArgsMode, single = false): string {
  const target = `${ident(fn.schema)}.${ident(fn.name)}`;
  let from = '';
  let call: string;
  if (mode === 'single-json') {
    const type = fn.params[0]?.type ?? 'json';
    call = `${target}($1::${type})`;
  } else if (keys.length === 0) {
    call = `${target}()`;
  } else {
    const params = keys.map((k) => {
      const p = fn.params.find((x) => x.name === k);
      if (!p) throw new Error(`parameter ${k} not in ${fn.name}`);
      return p;
    });
    const columns = params.map((p) => `${ident(p.name)} ${mode === 'text' ? 'text' : p.type}`).join(', ');
    const args = params
      .map((p) => `${p.variadic ? 'variadic ' : ''}${ident(p.name)} => _a.${ident(p.name)}${mode === 'text' ? `::${p.type}` : ''}`)
      .join(', ');
    from = ` from json_to_record($1::json) as _a(${columns})`;
    call = `${target}(${args})`;
  }
  const lateral = (rel: string): string => (from === '' ? ` from ${rel}` : `${from} cross join lateral ${rel}`);
  const set = (item: string): string => (single ? `(json_agg(${item}) -> 0)::text` : `coalesce(json_agg(${item}), '[]')::text`);
  switch (fn.returns) {
    case 'void':
      return `select ${call}::text as body, 1 as n${from}`;
    case 'scalar':
      return `select to_json(${call})::text as body, 1 as n${from}`;
    case 'setof-scalar':
      return `select ${set('_r.v')} as body, count(*)::int as n${lateral(`${call} as _r(v)`)}`;
    case 'composite':
      return `select coalesce((json_agg(_r) -> 0)::text, 'null') as body, 1 as n${lateral(`(select * from ${call}) as _r`)}`;
    case 'setof-composite':
      return `select ${set('_r')} as body, count(*)::int as n${lateral(`(select * from ${call}) as _r`)}`;
  }
}

/** Quotes an SQL identifier. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
