/** Bounded HTTP load on loopback with autocannon, with a progress line every second. */
import autocannon, { type Options } from 'autocannon';

export interface LoadResult {
  label: string;
  /** Completed requests per second, over the whole run. */
  rps: number;
  total: number;
  /** Latency percentiles in ms. */
  p50: number;
  p99: number;
  mean: number;
  /** Connection errors and timeouts plus non-2xx answers. */
  errors: number;
  connectionErrors: number;
  timeouts: number;
  non2xx: number;
  durationS: number;
}

const LOOPBACK = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;

/** Runs one load and resolves with its figures. Only loopback targets are accepted. */
export async function runLoad(label: string, opts: Options, progress: (line: string) => void): Promise<LoadResult> {
  if (!LOOPBACK.test(opts.url.endsWith('/') ? opts.url : `${opts.url}/`)) throw new Error(`load refused: ${opts.url} is not a loopback URL`);
  if (!opts.amount && !(opts.duration && opts.duration <= 60)) throw new Error('load refused: set an amount or a duration of at most 60 s');
  const instance = autocannon({ timeout: 10, ...opts });
  let done = 0;
  let seconds = 0;
  instance.on('tick', (t: { counter: number }) => {
    done += t.counter;
    seconds += 1;
    progress(`  ${label}: ${seconds}${opts.duration ? `/${opts.duration}` : ''} s, ${done} requests`);
  });
  const r = await instance;
  return {
    label,
    rps: r.duration > 0 ? r.requests.total / r.duration : Number.NaN,
    total: r.requests.total,
    p50: r.latency.p50,
    p99: r.latency.p99,
    mean: r.latency.mean,
    errors: r.errors + r.timeouts + r.non2xx,
    connectionErrors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    durationS: r.duration,
  };
}
