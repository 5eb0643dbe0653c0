/** Pure statistics and target checks of the benchmark: percentiles, ratios, pass/fail. */

export interface Summary {
  n: number;
  mean: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** The p-th percentile (0..100) of ascending `sorted`, interpolating linearly between closest ranks. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (p <= 0) return sorted[0]!;
  if (p >= 100) return sorted[sorted.length - 1]!;
  const pos = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Count, mean, min, p50, p90, p99 and max of a sample. NaN everywhere for an empty sample. */
export function summarize(samples: readonly number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const mean = s.length ? s.reduce((a, b) => a + b, 0) / s.length : Number.NaN;
  return { n: s.length, mean, min: percentile(s, 0), p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), max: percentile(s, 100) };
}

/** The median of a sample. */
export const median = (samples: readonly number[]): number => percentile([...samples].sort((a, b) => a - b), 50);

/**
 * What a case must reach.
 * - `on: 'ratio'` checks the ratio; `invert` makes the ratio baseline/value ("× faster") instead of value/baseline.
 * - `on: 'value'` checks the measured value itself; the ratio is then only informative.
 */
export interface Target {
  on: 'ratio' | 'value';
  op: '<=' | '>=';
  limit: number;
  invert?: boolean;
}

export interface CaseInput {
  name: string;
  value: number;
  unit: string;
  baseline: number | null;
  /** What the baseline is, in a few words. */
  baselineIs?: string;
  target: Target;
  note?: string;
}

export interface CaseResult {
  name: string;
  value: number;
  unit: string;
  baseline: number | null;
  baselineIs?: string;
  ratio: number | null;
  /** How the ratio is formed: "value/baseline" or "baseline/value". */
  ratioIs: 'value/baseline' | 'baseline/value' | null;
  target: string;
  pass: boolean;
  note?: string;
}

const finite = (n: number | null): n is number => n !== null && Number.isFinite(n);

/** The ratio of a case, or null without a usable baseline. */
export function ratioOf(value: number, baseline: number | null, invert = false): number | null {
  if (!finite(baseline) || !Number.isFinite(value)) return null;
  const [num, den] = invert ? [baseline, value] : [value, baseline];
  return den === 0 ? null : num / den;
}

/** A target in words, e.g. "ratio <= 1.5", "≥ 100× faster", "<= 300 ms". */
export function describeTarget(t: Target, unit: string): string {
  const op = t.op === '<=' ? '≤' : '≥';
  if (t.on === 'value') return `${op} ${t.limit}${unit ? ` ${unit}` : ''}`;
  return t.invert ? `${op} ${t.limit}× faster` : `ratio ${op} ${t.limit}`;
}

/** Computes ratio and pass from the measured numbers. A missing or non-finite number fails. */
export function judge(c: CaseInput): CaseResult {
  const invert = c.target.invert ?? false;
  const ratio = ratioOf(c.value, c.baseline, invert);
  const checked = c.target.on === 'ratio' ? ratio : c.value;
  const pass = finite(checked) && (c.target.op === '<=' ? checked <= c.target.limit : checked >= c.target.limit);
  return {
    name: c.name,
    value: c.value,
    unit: c.unit,
    baseline: c.baseline,
    ...(c.baselineIs ? { baselineIs: c.baselineIs } : {}),
    ratio,
    ratioIs: ratio === null ? null : invert ? 'baseline/value' : 'value/baseline',
    target: describeTarget(c.target, c.unit),
    pass,
    ...(c.note ? { note: c.note } : {}),
  };
}
