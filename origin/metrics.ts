/**
 * The origin's metrics: CloudWatch embedded metric format (EMF) lines written by Powertools for
 * AWS Lambda Metrics, which CloudWatch turns into metrics without any API call (docs/operations.md).
 *
 * Each request or task counts into its own small `Tally` (plain fields, no Powertools call on the
 * way), and hands it to `publish` once at the end, which writes it synchronously: one EMF line, and
 * a second one only when the request failed (the error's code as a dimension). Doing the Powertools
 * calls in one synchronous block keeps concurrent requests of one process (the local emulator)
 * from mixing their metrics in Powertools' shared buffer.
 *
 * Dimensions are few on purpose: `service`, plus `Operation` (the matched route, such as
 * `GET /api/boards/:board/entries`, or `task rollover`) or `Code` (an error code). A board id is
 * never a dimension; the boards behind a gauge are logged instead.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger } from './logger.ts';

export const METRICS_NAMESPACE = process.env.POWERTOOLS_METRICS_NAMESPACE || 'Leaderboard';
const SERVICE = 'leaderboard-origin';

/** Counters, each published with Unit Count. */
export const COUNTERS = [
  'Requests',
  'Reads',
  'WritesAccepted',
  'WritesUnchanged',
  'WritesReplayed',
  'WritesRefused',
  'Errors',
  'ServerErrors',
  'RebuildsRequested',
  'RebuildsDone',
  'RepairsRequested',
  'RepairsDone',
  'SourceSyncs',
  'SourceSyncsFailed',
  'SourceRowsApplied',
  'PurgesQueued',
  'PurgesConfirmed',
  'PurgesFailed',
  'WebhookDeliveries',
  'WebhookRetries',
  'WebhookFailures',
  'HistoryRanksMissed',
] as const;
export type Counter = (typeof COUNTERS)[number];

/** Timings in milliseconds: every record (Supabase) call, every projection (Valkey) call, the whole request. */
export const TIMINGS = ['RecordCall', 'ProjectionCall', 'RequestTotal'] as const;
export type Timing = (typeof TIMINGS)[number];

/** Gauges, set by the scheduled rollover task (origin/tasks/stats.ts). */
export const GAUGES = {
  RepairsPending: MetricUnit.Count,
  OldestRepairSeconds: MetricUnit.Seconds,
  PurgesPending: MetricUnit.Count,
  OldestPurgeSeconds: MetricUnit.Seconds,
  ProjectionLag: MetricUnit.Count,
  ProjectionsNotReady: MetricUnit.Count,
} as const;
export type Gauge = keyof typeof GAUGES;

/** Values of one metric in one EMF line: Powertools flushes the line early when a metric reaches 100. */
const MAX_VALUES = 99;

/**
 * What one request or task counted. Cheap on purpose: counters are fields of one object,
 * timings short arrays that exist only once something was timed.
 */
export class Tally {
  readonly counts: Partial<Record<Counter, number>> = {};
  readonly timings: Partial<Record<Timing, number[]>> = {};
  readonly gauges: Partial<Record<Gauge, number>> = {};
  /** The error code of a failed request (a dimension of its second line). */
  errorCode: string | undefined;

  /** `requestId` goes on the lines as metadata (not a dimension), as on every log line of the request. */
  constructor(readonly requestId?: string) {}

  count(name: Counter, n = 1): void {
    if (n !== 0) this.counts[name] = (this.counts[name] ?? 0) + n;
  }

  /** Keeps at most MAX_VALUES per name (below EMF's 100 per metric and line): a long task times its first calls only. */
  time(name: Timing, ms: number): void {
    const values = (this.timings[name] ??= []);
    if (values.length < MAX_VALUES) values.push(Math.round(ms * 100) / 100);
  }

  gauge(name: Gauge, value: number): void {
    this.gauges[name] = value;
  }

  /** Runs `call` and records how long it took under `name`, whether it succeeded or not. */
  async timed<T>(name: Timing, call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await call();
    } finally {
      this.time(name, performance.now() - started);
    }
  }
}

/** Counts a webhook delivery attempt (the delivery worker calls this; see docs/operations.md). */
export function countWebhook(tally: Tally | undefined, outcome: 'delivered' | 'retried' | 'failed'): void {
  tally?.count(outcome === 'delivered' ? 'WebhookDeliveries' : outcome === 'retried' ? 'WebhookRetries' : 'WebhookFailures');
}

const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE });
const byCode = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE });

/** Totals since this execution environment started (the `stats` task reports them). */
const totals = new Map<string, number>();
const startedAt = new Date().toISOString();
const add = (key: string, n: number) => totals.set(key, (totals.get(key) ?? 0) + n);

/**
 * Writes one tally as EMF, synchronously. The first line carries every metric under two
 * dimension sets, [service] and [service, Operation]; a failed request adds a line with
 * `Errors` (and `WritesRefused` for a refused write) under [service, Code].
 */
export function publish(tally: Tally, operation: string): void {
  try {
    write(tally, operation);
  } catch (err) {
    // Metrics never fail a request or a task; what was buffered is dropped with the error.
    for (const m of [metrics, byCode]) {
      m.clearMetrics();
      m.clearDimensions();
    }
    logger.warn('metrics not published', { operation, error: String(err) });
  }
}

function write(tally: Tally, operation: string): void {
  let any = false;
  for (const name in tally.counts) {
    const n = tally.counts[name as Counter]!;
    metrics.addMetric(name, MetricUnit.Count, n);
    add(name, n);
    any = true;
  }
  for (const name in tally.timings) {
    for (const ms of tally.timings[name as Timing]!) metrics.addMetric(name, MetricUnit.Milliseconds, ms);
    any = true;
  }
  for (const name in tally.gauges) {
    metrics.addMetric(name, GAUGES[name as Gauge], tally.gauges[name as Gauge]!);
    any = true;
  }
  if (!any) return;
  metrics.addDimensions({});
  metrics.addDimensions({ Operation: operation });
  if (tally.requestId) metrics.addMetadata('requestId', tally.requestId);
  metrics.publishStoredMetrics();

  if (tally.errorCode !== undefined) {
    byCode.addDimensions({ Code: tally.errorCode });
    if (tally.requestId) byCode.addMetadata('requestId', tally.requestId);
    byCode.addMetric('Errors', MetricUnit.Count, tally.counts.Errors ?? 1);
    if (tally.counts.WritesRefused) byCode.addMetric('WritesRefused', MetricUnit.Count, tally.counts.WritesRefused);
    byCode.publishStoredMetrics();
    add(`Errors.${tally.errorCode}`, tally.counts.Errors ?? 1);
  }
}

/** The counters this environment published since it started, and when it started. */
export function totalsSinceStart(): { since: string; counters: Record<string, number> } {
  return { since: startedAt, counters: Object.fromEntries([...totals].sort(([a], [b]) => a.localeCompare(b))) };
}
