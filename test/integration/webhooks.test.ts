/**
 * Result webhooks (docs/results.md) against a loopback receiver (test/webhook-receiver.ts) that
 * checks signatures, fails on purpose and counts duplicates: signed at-least-once delivery with
 * retries and backoff from the scheduled task, the delivery log, leases, secret rotation, the
 * last attempt, resends (the admin CLI), and the SSRF guard on the URL.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { upsertBoard, submitScore } from '../../origin/leaderboard/commands.ts';
import type { Deps } from '../../origin/leaderboard/deps.ts';
import { periodResults } from '../../origin/results/results.ts';
import { deliverWebhooks } from '../../origin/results/webhooks.ts';
import { tasks } from '../../origin/tasks/tasks.ts';
import { ADMIN, adminCli, api, uniqueBoard } from '../helpers.ts';
import { closeValkey, fixedClock, originDeps } from '../origin-deps.ts';
import { startReceiver, verifySignature } from '../webhook-receiver.ts';

afterAll(closeValkey);

const server = { kind: 'server', keyId: 'test' } as const;
const LOOPBACK = { WEBHOOK_ALLOW_LOOPBACK: 'true' };

/** The scheduled task, as the schedule runs it (rollover, then due webhooks). */
const scheduled = (deps: Deps) => tasks.rollover.run(deps, {}, { remainingMs: () => 120_000 });

async function boardWithWebhook(clock: ReturnType<typeof fixedClock>, url: string, env: Record<string, string> = {}) {
  const deps = originDeps(clock.now, { ...LOOPBACK, ...env });
  const id = uniqueBoard('hook');
  const out = await upsertBoard(deps, id, { name: id, sort: 'desc', operator: 'best', reset: 'daily', writers: 'server', resultsSize: 2, webhook: { url } });
  return { deps, id, secret: out.results.webhook?.secret ?? null, put: (p: string, s: number) => submitScore(deps, id, { playerId: p, score: s }, server, null) };
}

describe('result webhooks', () => {
  it('POSTs the results signed, retries with backoff from the scheduled task until the receiver takes them, and logs every attempt', async () => {
    const clock = fixedClock('2034-02-10T12:00:00.000Z');
    let secret: string | null = null;
    const receiver = await startReceiver({ secret: () => secret, failFirst: 2, now: clock.now });
    try {
      const b = await boardWithWebhook(clock, receiver.url);
      secret = b.secret;
      expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
      // The secret is shown once: a later PUT that keeps the webhook does not show it again.
      const again = await upsertBoard(b.deps, b.id, { name: b.id, sort: 'desc', operator: 'best', reset: 'daily', writers: 'server', webhook: { url: receiver.url } });
      expect(again.results).toEqual({ resultsSize: 2, webhook: { url: receiver.url } });
      await b.put('a', 10);
      await b.put('b', 30);
      await b.put('c', 20);

      clock.set('2034-02-11T00:00:20.000Z');
      const first = await scheduled(b.deps);
      expect(first.closed).toContainEqual({ board: b.id, period: '2034-02-10' });
      const mine = (r: Awaited<ReturnType<typeof scheduled>>) => r.webhooks?.attempted.filter((a) => a.board === b.id) ?? [];
      expect(mine(first)).toMatchObject([{ period: '2034-02-10', status: 'pending', attempts: 1, httpStatus: 500 }]);
      const eventId = mine(first)[0]!.eventId;

      // Not due again before its backoff (30 s, ±10 %).
      clock.set('2034-02-11T00:00:40.000Z');
      expect(mine(await scheduled(b.deps))).toEqual([]);
      clock.set('2034-02-11T00:01:00.000Z');
      expect(mine(await scheduled(b.deps))).toMatchObject([{ eventId, status: 'pending', attempts: 2, httpStatus: 500 }]);
      // The second retry waits about twice as long (60 s).
      clock.set('2034-02-11T00:01:45.000Z');
      expect(mine(await scheduled(b.deps))).toEqual([]);
      clock.set('2034-02-11T00:02:10.000Z');
      expect(mine(await scheduled(b.deps))).toMatchObject([{ eventId, status: 'delivered', attempts: 3, httpStatus: 200 }]);
      clock.set('2034-02-11T01:00:00.000Z');
      expect(mine(await scheduled(b.deps))).toEqual([]);

      // Every attempt carried the same event id and a valid signature; the receiver took it once.
      expect(receiver.received.map((r) => [r.eventId, r.status])).toEqual([[eventId, 500], [eventId, 500], [eventId, 200]]);
      expect(receiver.badSignatures()).toBe(0);
      expect(receiver.duplicates()).toBe(0);
      const body = receiver.accepted.get(eventId);
      const stored = await periodResults(b.deps, b.id, '2034-02-10');
      expect(body).toEqual({ ...stored, id: eventId, type: 'period.closed' });
      expect(body.results.map((e: { playerId: string; rank: number }) => `${e.playerId}${e.rank}`)).toEqual(['b1', 'c2']);

      // The delivery log in the record.
      const [delivery] = await b.deps.record.webhookList(b.id, 10);
      expect(delivery).toMatchObject({ eventId, period: '2034-02-10', status: 'delivered', attempts: 3, lastError: null, nextAttemptAt: null, deliveredAt: '2034-02-11T00:02:10.000Z' });
      expect(delivery!.log.map((l) => [l.at, l.status, l.error])).toEqual([
        ['2034-02-11T00:00:20.000Z', 500, 'HTTP 500'],
        ['2034-02-11T00:01:00.000Z', 500, 'HTTP 500'],
        ['2034-02-11T00:02:10.000Z', 200, null],
      ]);

      // A resend sends the same event again: the receiver sees a duplicate and keeps one.
      const resent = await tasks.webhooks.run(b.deps, { board: b.id, resend: delivery!.id });
      expect(resent.resent).toMatchObject({ id: delivery!.id, eventId, status: 'delivered' });
      expect(receiver.duplicates()).toBe(1);
      expect(receiver.accepted.size).toBe(1);
      await expect(tasks.webhooks.run(b.deps, { board: b.id, resend: delivery!.id + 1_000_000 })).rejects.toMatchObject({ code: 'not_found' });
    } finally {
      await receiver.close();
    }
  });

  it('a claimed delivery whose sender died is sent after its lease; a rotated secret is used from then on; the last attempt fails it', async () => {
    const clock = fixedClock('2034-03-10T12:00:00.000Z');
    let secret: string | null = null;
    const receiver = await startReceiver({ secret: () => secret, now: clock.now });
    try {
      const b = await boardWithWebhook(clock, receiver.url, { WEBHOOK_MAX_ATTEMPTS: '2' });
      secret = b.secret;
      await b.put('a', 1);
      clock.set('2034-03-11T00:00:05.000Z');
      expect((await scheduled(b.deps)).webhooks?.attempted.filter((a) => a.board === b.id)).toMatchObject([{ status: 'delivered' }]);
      expect(receiver.accepted.size).toBe(1);

      // A sender that claims a delivery and dies: nothing is due during the lease, then it is sent (at least once).
      clock.set('2034-03-11T10:00:00.000Z');
      await b.put('c', 3);
      clock.set('2034-03-12T00:00:05.000Z');
      await tasks.rollover.run(b.deps, {}, { remainingMs: () => 0 }); // closes and queues; no time left to send
      const claimed = await b.deps.record.webhookClaim(clock.now().toISOString(), 5, 60, { board: b.id });
      expect(claimed.map((c) => c.period)).toEqual(['2034-03-11']);
      expect(claimed[0]!.secret).toBe(secret);
      expect((await deliverWebhooks(b.deps, { board: b.id })).attempted).toEqual([]);
      clock.set('2034-03-12T00:01:10.000Z');

      // Rotated meanwhile: the next attempt is signed with the new secret, which the receiver does not know yet.
      const rotated = await upsertBoard(b.deps, b.id, { name: b.id, sort: 'desc', operator: 'best', reset: 'daily', writers: 'server', webhook: { url: receiver.url, rotateSecret: true } });
      const newSecret = rotated.results.webhook?.secret;
      expect(newSecret).toMatch(/^whsec_/);
      expect(newSecret).not.toBe(secret);
      const refused = await deliverWebhooks(b.deps, { board: b.id });
      expect(refused.attempted).toMatchObject([{ period: '2034-03-11', status: 'pending', httpStatus: 401, attempts: 1 }]);
      expect(receiver.badSignatures()).toBe(1);

      // With WEBHOOK_MAX_ATTEMPTS=2 the next failure is the last: the delivery fails for good.
      clock.set('2034-03-12T00:05:00.000Z');
      const last = await deliverWebhooks(b.deps, { board: b.id });
      expect(last.attempted).toMatchObject([{ status: 'failed', httpStatus: 401, attempts: 2 }]);
      clock.set('2034-03-13T00:05:00.000Z');
      expect((await deliverWebhooks(b.deps, { board: b.id })).attempted.filter((a) => a.period === '2034-03-11')).toEqual([]);
      const log = await b.deps.record.webhookList(b.id, 10);
      expect(log.find((d) => d.period === '2034-03-11')).toMatchObject({ status: 'failed', attempts: 2, lastError: 'HTTP 401' });

      // A resend with the receiver now knowing the new secret delivers it.
      secret = newSecret!;
      const resent = await tasks.webhooks.run(b.deps, { board: b.id, resend: log.find((d) => d.period === '2034-03-11')!.id });
      expect(resent.resent).toMatchObject({ status: 'delivered', httpStatus: 200 });
      expect(receiver.accepted.size).toBe(2);
    } finally {
      await receiver.close();
    }
  });

  it('refuses webhook URLs the origin may not call, and loopback outside the local stack', async () => {
    const clock = fixedClock(new Date());
    const local = originDeps(clock.now, LOOPBACK);
    const deployed = originDeps(clock.now, { WEBHOOK_ALLOW_LOOPBACK: 'false' });
    const id = uniqueBoard('hookssrf');
    const cfg = (url: string) => ({ name: id, sort: 'desc', operator: 'best', reset: 'daily', writers: 'server', webhook: { url } }) as const;
    for (const url of ['https://10.0.0.1/hook', 'https://169.254.169.254/latest', 'https://192.168.1.1/x', 'https://user:pw@127.0.0.1/x', 'https://[fd00:ec2::254]/x']) {
      await expect(upsertBoard(local, id, cfg(url)), url).rejects.toMatchObject({ code: 'invalid_request', details: { 'webhook.url': expect.any(String) } });
    }
    await expect(upsertBoard(deployed, id, cfg('http://127.0.0.1:9/hook'))).rejects.toMatchObject({ code: 'invalid_request', details: { 'webhook.url': expect.stringContaining('https') } });
    await expect(upsertBoard(deployed, id, cfg('https://127.0.0.1:9/hook'))).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(upsertBoard(deployed, id, cfg('https://[::1]:9/hook'))).rejects.toMatchObject({ code: 'invalid_request' });
    // Nothing was written.
    expect(await local.record.board(id)).toBeNull();

    // Through the edge: the schema refuses plain http to a public host, the origin a private address.
    for (const url of ['http://example.com/hook', 'https://10.1.2.3/hook', 'not a url']) {
      const res = await api('PUT', `/api/boards/${id}`, { token: ADMIN(), body: cfg(url) });
      expect(res.status, url).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
    expect((await api('GET', `/api/boards/${id}`)).status).toBe(404);
  });

  it('admin webhooks lists a board\'s deliveries and resends one through the function', async () => {
    const clock = fixedClock('2034-04-10T12:00:00.000Z');
    let secret: string | null = null;
    const receiver = await startReceiver({ secret: () => secret, failFirst: 1, now: () => new Date() });
    try {
      const b = await boardWithWebhook(clock, receiver.url);
      secret = b.secret;
      await b.put('a', 5);
      clock.set('2034-04-11T00:00:05.000Z');
      await tasks.rollover.run(b.deps, {}, { remainingMs: () => 0 }); // closes and queues; sends nothing
      const pending = await adminCli('webhooks', '--board', b.id, '--json');
      expect(pending.code, pending.err).toBe(0);
      const listed = JSON.parse(pending.out) as { webhook: { url: string }; deliveries: { id: number; status: string; eventId: string }[] };
      expect(listed.webhook).toEqual({ url: receiver.url });
      expect(JSON.stringify(listed)).not.toContain(secret);
      expect(listed.deliveries).toMatchObject([{ status: 'pending' }]);
      const id = String(listed.deliveries[0]!.id);

      const failed = await adminCli('webhooks', '--board', b.id, '--resend', id);
      expect(failed.code).toBe(1); // the receiver fails its first delivery on purpose
      expect(failed.out).toContain('HTTP 500');
      const ok = await adminCli('webhooks', '--board', b.id, '--resend', id);
      expect(ok.code, ok.err).toBe(0);
      expect(ok.out).toContain(`resent ${id}: delivered`);
      expect(ok.out).toContain(listed.deliveries[0]!.eventId);
      expect(receiver.accepted.has(listed.deliveries[0]!.eventId)).toBe(true);
      expect(verifySignature('s', '1', '{}', 'sha256=00')).toBe(false);

      const bad = await adminCli('webhooks', '--board', b.id, '--resend', 'x');
      expect(bad.code).toBe(2);
      expect(bad.err).toContain('--resend');
    } finally {
      await receiver.close();
    }
  });
});
