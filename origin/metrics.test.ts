import { afterEach, describe, expect, it, vi } from 'vitest';
import { countRequest } from './http/middleware.ts';
import { countWebhook, publish, Tally, totalsSinceStart } from './metrics.ts';

/** The EMF lines Powertools writes to stdout while `run` runs. */
function emfLines(run: () => void): Record<string, any>[] {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return lines.flatMap((l) => l.split('\n')).filter((l) => l.includes('"_aws"')).map((l) => JSON.parse(l));
}

afterEach(() => vi.restoreAllMocks());

describe('origin metrics', () => {
  it('publishes one EMF line per request, under [service] and [service, Operation]', () => {
    const t = new Tally();
    t.count('WritesAccepted');
    t.time('RecordCall', 3.14159);
    t.time('RecordCall', 2);
    const [line, ...rest] = emfLines(() => countRequest(t, 'POST', 'POST /api/boards/:board/scores', 200, 12.5));
    expect(rest).toEqual([]);
    expect(line!._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'Leaderboard', Dimensions: [['service'], ['service', 'Operation']] });
    expect(line).toMatchObject({ service: 'leaderboard-origin', Operation: 'POST /api/boards/:board/scores', Requests: 1, WritesAccepted: 1, RecordCall: [3.14, 2], RequestTotal: 12.5 });
    expect(line).not.toHaveProperty('Reads');
    expect(line).not.toHaveProperty('Errors');
  });

  it('counts a refused write and its error code on a second line, with the code as its only extra dimension', () => {
    const t = new Tally('req-7');
    t.errorCode = 'not_open';
    const lines = emfLines(() => countRequest(t, 'POST', 'POST /api/boards/:board/scores/batch', 403, 1));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ Requests: 1, Errors: 1, WritesRefused: 1 });
    expect(lines[1]!._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service', 'Code']]);
    expect(lines[1]).toMatchObject({ Code: 'not_open', Errors: 1, WritesRefused: 1 });
    // The request id is metadata on both lines, never a dimension.
    expect(lines.map((l) => l.requestId)).toEqual(['req-7', 'req-7']);
    expect(JSON.stringify(lines.map((l) => l._aws.CloudWatchMetrics[0].Dimensions))).not.toContain('requestId');
  });

  it('counts reads by route, and a failed read as an error but not a refused write', () => {
    const ok = emfLines(() => countRequest(new Tally(), 'GET', 'GET /api/boards/:board/entries', 200, 1));
    expect(ok).toHaveLength(1);
    expect(ok[0]).toMatchObject({ Operation: 'GET /api/boards/:board/entries', Reads: 1 });
    const failed = new Tally();
    failed.errorCode = 'unavailable';
    const lines = emfLines(() => countRequest(failed, 'GET', 'GET /api/boards/:board/players/:playerId', 503, 1));
    expect(lines[0]).toMatchObject({ Reads: 1, Errors: 1, ServerErrors: 1 });
    expect(lines[0]).not.toHaveProperty('WritesRefused');
    expect(lines[1]).toMatchObject({ Code: 'unavailable', Errors: 1 });
  });

  it('writes nothing for an empty tally, and keeps totals since the start', () => {
    expect(emfLines(() => publish(new Tally(), 'task stats'))).toEqual([]);
    const before = totalsSinceStart().counters.WebhookRetries ?? 0;
    const t = new Tally();
    countWebhook(t, 'retried');
    countWebhook(t, 'retried');
    countWebhook(t, 'delivered');
    t.gauge('ProjectionLag', 3);
    const [line] = emfLines(() => publish(t, 'task deliver'));
    expect(line).toMatchObject({ WebhookRetries: 2, WebhookDeliveries: 1, ProjectionLag: 3 });
    expect(totalsSinceStart().counters.WebhookRetries).toBe(before + 2);
  });
});

describe('operationOf', () => {
  it('names the matched route of a mounted router, not the middleware nor the 405 catch-all', async () => {
    const { Hono } = await import('hono');
    const { operationOf } = await import('./http/middleware.ts');
    const seen: string[] = [];
    const sub = new Hono().get('/:board/entries', (c) => c.text('ok')).all('/:board/entries', (c) => c.text('no', 405));
    const app = new Hono()
      .use(async (c, next) => {
        await next();
        seen.push(operationOf(c));
      })
      .route('/api/boards', sub);
    await app.request('/api/boards/b1/entries');
    await app.request('/api/boards/b1/entries', { method: 'DELETE' });
    await app.request('/nowhere');
    // A method the path does not take (405) is no route of its own: `other`, like a path that matches nothing.
    expect(seen).toEqual(['GET /api/boards/:board/entries', 'other', 'other']);
  });
});

describe('publish', () => {
  it('never throws: when Powertools fails, that tally is dropped and logged, and the next one is published whole', async () => {
    const { Metrics } = await import('@aws-lambda-powertools/metrics');
    const { logger } = await import('./logger.ts');
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const broken = vi.spyOn(Metrics.prototype, 'publishStoredMetrics').mockImplementationOnce(() => {
      throw new RangeError('refused');
    });
    const t = new Tally();
    t.count('PurgesQueued');
    expect(emfLines(() => publish(t, 'task rollover'))).toEqual([]);
    expect(warn).toHaveBeenCalledWith('metrics not published', expect.objectContaining({ operation: 'task rollover' }));
    broken.mockRestore();
    const next = new Tally();
    next.count('PurgesConfirmed');
    const [line, ...rest] = emfLines(() => publish(next, 'task retry-purges'));
    expect(rest).toEqual([]);
    expect(line).toMatchObject({ Operation: 'task retry-purges', PurgesConfirmed: 1 });
    expect(line).not.toHaveProperty('PurgesQueued');
    expect(line!._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service'], ['service', 'Operation']]);
  });
});

describe('Tally', () => {
  it('keeps at most 99 values of a timing, so a long task still publishes one line with its dimensions', () => {
    const t = new Tally();
    for (let i = 0; i < 250; i++) t.time('RecordCall', i);
    const lines = emfLines(() => publish(t, 'task rebuild'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ Operation: 'task rebuild' });
    expect(lines[0]!.RecordCall).toHaveLength(99);
  });
});
