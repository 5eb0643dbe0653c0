/**
 * Result webhooks (docs/results.md). When a period closes, the record queues one delivery of its
 * results for a board with a webhook. This sends due deliveries: each is a POST of the results
 * as JSON, signed with the board's secret, HMAC-SHA256 over `timestamp + "." + body`:
 *
 *   X-Leaderboard-Event-Id:  the event id (the same on every attempt: receivers de-duplicate by it)
 *   X-Leaderboard-Timestamp: Unix seconds when this attempt was signed
 *   X-Leaderboard-Signature: sha256=<hex HMAC>
 *
 * A 2xx answer delivers it; anything else (or no answer within the timeout) is retried by a later
 * run of the scheduled task, after 30 s, 1 min, 2 min … (doubling, at most an hour, with jitter),
 * until the last attempt fails it. Claims are leased in the record, so concurrent runs never send
 * the same delivery at once, and a run that dies leaves it to the next: at least once.
 */
import { createHmac } from 'node:crypto';
import { periodWindow, type WebhookEvent } from '../../core/index.ts';
import type { Deps } from '../leaderboard/deps.ts';
import { resultsWithTiers } from '../leaderboard/entries.ts';
import { countWebhook } from '../metrics.ts';
import type { ClaimedDelivery, DeliveryStatus } from '../record/types.ts';
import { SourceError } from '../sources/fetch-source.ts';
import { checkSourceUrl } from '../sources/url-guard.ts';

export const EVENT_ID_HEADER = 'x-leaderboard-event-id';
export const TIMESTAMP_HEADER = 'x-leaderboard-timestamp';
export const SIGNATURE_HEADER = 'x-leaderboard-signature';

/** `sha256=<hex>` of HMAC-SHA256(secret, timestamp + "." + body). */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The delay before attempt `attempts + 1`: backoff·2^(attempts−1), at most an hour, ±10 % jitter. */
export function retryDelayMs(backoffSeconds: number, attempts: number, random: () => number = Math.random): number {
  const base = Math.min(3600, backoffSeconds * 2 ** Math.max(0, attempts - 1)) * 1000;
  return Math.round(base * (0.9 + 0.2 * random()));
}

/** The event a delivery sends (a period's results with its id). */
export async function webhookEvent(deps: Deps, d: ClaimedDelivery): Promise<WebhookEvent> {
  const board = await deps.record.board(d.board);
  const window = board ? periodWindow(board.reset, d.period, board, deps.now()) : null;
  return {
    id: d.eventId,
    type: 'period.closed',
    board: d.board,
    period: d.period,
    start: window?.start ?? null,
    end: window?.end ?? null,
    closedAt: d.closedAt,
    entries: Number(d.entries),
    rankMode: d.rankMode,
    size: d.size,
    results: resultsWithTiers(board, d.results, Number(d.entries)),
    // A league board's delivery is claimed only once its league period closed (the record holds it back till then).
    ...(d.league ? { league: d.league } : {}),
  };
}

export interface AttemptOutcome {
  id: number;
  eventId: string;
  board: string;
  period: string;
  /** After this attempt. */
  status: DeliveryStatus;
  attempts: number;
  httpStatus: number | null;
  error: string | null;
}

/** One attempt: POST, then record the outcome (delivered, retry at, or failed). */
async function attempt(deps: Deps, d: ClaimedDelivery): Promise<AttemptOutcome> {
  const o = deps.config.webhook;
  const body = JSON.stringify(await webhookEvent(deps, d));
  const now = deps.now();
  const timestamp = Math.floor(now.getTime() / 1000);
  const started = performance.now();
  let httpStatus: number | null = null;
  let error: string | null = null;
  try {
    // Checked on every attempt: where the host points may change between attempts.
    await checkSourceUrl(d.url, { allowLoopback: o.allowLoopback, what: 'webhook' });
    const res = await fetch(d.url, {
      method: 'POST',
      redirect: 'error',
      signal: AbortSignal.timeout(o.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'edge-leaderboard-webhooks',
        [EVENT_ID_HEADER]: d.eventId,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhook(d.secret, timestamp, body),
      },
      body,
    });
    httpStatus = res.status;
    await res.body?.cancel().catch(() => undefined);
    if (!res.ok) error = `HTTP ${res.status}`;
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    error = err instanceof SourceError ? err.message : timedOut ? `No answer within ${o.timeoutMs} ms` : `Fetch failed: ${err instanceof Error ? err.message : String(err)}`;
  }
  const ok = error === null;
  const attempts = d.attempts + 1;
  const retryAt = ok || attempts >= o.maxAttempts ? null : new Date(now.getTime() + retryDelayMs(o.backoffSeconds, attempts)).toISOString();
  const out = await deps.record.webhookResult(d.id, { at: now.toISOString(), ok, status: httpStatus, error, ms: Math.round(performance.now() - started), retryAt });
  deps.log(ok ? 'info' : 'warn', ok ? 'webhook delivered' : 'webhook attempt failed', { board: d.board, period: d.period, delivery: d.id, attempts, status: out.status, error });
  countWebhook(deps.metrics, out.status === 'delivered' ? 'delivered' : out.status === 'failed' ? 'failed' : 'retried');
  return { id: d.id, eventId: d.eventId, board: d.board, period: d.period, status: out.status, attempts: out.attempts, httpStatus, error };
}

export interface DeliveryReport {
  attempted: AttemptOutcome[];
  delivered: number;
  retrying: number;
  failed: number;
}

/**
 * Sends the deliveries that are due (only delivery `id`, or board `board`'s, when given), a few at a time, until none
 * is due or `remainingMs` gets short. Safe to run concurrently: each claim is leased in the record.
 */
export async function deliverWebhooks(deps: Deps, o: { id?: number; board?: string; remainingMs?: () => number } = {}): Promise<DeliveryReport> {
  const cfg = deps.config.webhook;
  const batch = 5;
  // A claim outlives the batch it is sent in: every attempt of it may take the whole timeout.
  const leaseSeconds = Math.ceil((batch * cfg.timeoutMs) / 1000) + 30;
  const remaining = o.remainingMs ?? (() => Number.POSITIVE_INFINITY);
  const attempted: AttemptOutcome[] = [];
  for (;;) {
    if (remaining() < batch * cfg.timeoutMs + 5000) break;
    const claimed = await deps.record.webhookClaim(deps.now().toISOString(), batch, leaseSeconds, { ...(o.id !== undefined ? { id: o.id } : {}), ...(o.board ? { board: o.board } : {}) });
    for (const d of claimed) attempted.push(await attempt(deps, d));
    if (claimed.length < batch || o.id !== undefined) break;
  }
  const count = (s: DeliveryStatus) => attempted.filter((a) => a.status === s).length;
  return { attempted, delivered: count('delivered'), retrying: count('pending'), failed: count('failed') };
}
