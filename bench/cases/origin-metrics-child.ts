/**
 * Child process of the origin metrics case: its stdout is a pipe the parent drains, as on Lambda,
 * so the EMF and log lines cost what they cost there. Times, interleaved in rounds, the metrics of
 * one read request (a tally with the middleware's counters and timings, published as one EMF line
 * by Powertools) against the request's existing log line (Powertools Logger).
 * Output: one IPC message {result: {metricsUs, logUs}} (medians over the rounds, µs per request).
 */
import { countRequest } from '../../origin/http/middleware.ts';
import { requestLog } from '../../origin/logger.ts';
import { Tally } from '../../origin/metrics.ts';

const PER_ROUND = 2000;
const ROUNDS = 15;

const metrics = () => {
  const t = new Tally('4f1c2b9e-bench');
  t.time('ProjectionCall', 0.42);
  countRequest(t, 'GET', 'GET /api/boards/:board/entries', 200, 1.37);
};
const log = () => requestLog('4f1c2b9e-bench')('info', 'request', { method: 'GET', path: '/api/boards/bench-10k/entries', status: 200, ms: 1 });

const time = (f: () => void) => {
  const start = performance.now();
  for (let i = 0; i < PER_ROUND; i++) f();
  return ((performance.now() - start) / PER_ROUND) * 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

for (let i = 0; i < PER_ROUND; i++) {
  metrics();
  log();
}
const m: number[] = [];
const l: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  // The order alternates, so drift on a shared machine falls on both alike.
  const first = r % 2 === 0;
  if (first) m.push(time(metrics));
  l.push(time(log));
  if (!first) m.push(time(metrics));
}
process.send!({ result: { metricsUs: median(m), logUs: median(l) } });
