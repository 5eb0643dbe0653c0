/** The chaos run's summary: one row per scenario, printed at the end and written as Markdown. */

export interface SummaryRow {
  scenario: string;
  /** Writes that got 200 with an entry. */
  acknowledged: number;
  /** Acknowledged writes found afterwards in the record (and, through verify, in Valkey). */
  found: number;
  /** Inputs tried by the fuzzers (0 for other scenarios). */
  fuzzed: number;
  /** Responses by class, e.g. `200`, `503`, `429`, `403`, `network`. */
  errors: Record<string, number>;
  /** Projection differences reported by verify at the end. */
  differences: number;
  seconds: number;
}

const cell = (errors: Record<string, number>) =>
  Object.entries(errors)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k}: ${n}`)
    .join(', ') || '-';

/** Renders the rows as a Markdown table, with a totals line. */
export function summaryTable(rows: SummaryRow[]): string {
  const head = '| scenario | writes acknowledged | writes found | inputs fuzzed | verify differences | responses by class, other than a plain 200 | seconds |\n|---|---:|---:|---:|---:|---|---:|';
  const lines = rows.map((r) => `| ${r.scenario} | ${r.acknowledged} | ${r.found} | ${r.fuzzed} | ${r.differences} | ${cell(r.errors)} | ${r.seconds.toFixed(0)} |`);
  const sum = (f: (r: SummaryRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  lines.push(`| **total** | ${sum((r) => r.acknowledged)} | ${sum((r) => r.found)} | ${sum((r) => r.fuzzed)} | ${sum((r) => r.differences)} | | ${sum((r) => r.seconds).toFixed(0)} |`);
  return [head, ...lines].join('\n');
}
