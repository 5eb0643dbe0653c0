/**
 * A loopback webhook receiver for tests, written as a game's receiver would be (docs/results.md):
 * it checks the signature (HMAC-SHA256 over `timestamp + "." + body`, compared in constant time)
 * and the timestamp's age, answers 500 to its first `failFirst` valid deliveries on purpose, and
 * de-duplicates by event id, counting the duplicates it was sent.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  eventId: string;
  body: any;
  /** What the receiver answered. */
  status: number;
}

/** The check a receiver makes: true when `signature` is `sha256=` HMAC-SHA256(secret, timestamp + "." + rawBody). */
export function verifySignature(secret: string, timestamp: string, rawBody: string, signature: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((done, fail) => {
    let text = '';
    req.setEncoding('utf8').on('data', (d: string) => (text += d)).on('end', () => done(text)).on('error', fail);
  });

export async function startReceiver(o: { secret: () => string | null; failFirst?: number; now?: () => Date; toleranceSeconds?: number }) {
  let failuresLeft = o.failFirst ?? 0;
  const received: Received[] = [];
  const accepted = new Map<string, any>();
  let duplicates = 0;
  let badSignatures = 0;
  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const eventId = String(req.headers['x-leaderboard-event-id'] ?? '');
    const timestamp = String(req.headers['x-leaderboard-timestamp'] ?? '');
    const signature = String(req.headers['x-leaderboard-signature'] ?? '');
    const secret = o.secret();
    const age = Math.abs((o.now?.() ?? new Date()).getTime() / 1000 - Number(timestamp));
    let status: number;
    if (req.method !== 'POST' || !secret || !verifySignature(secret, timestamp, raw, signature) || !(age <= (o.toleranceSeconds ?? 300))) {
      badSignatures++;
      status = 401;
    } else if (failuresLeft > 0) {
      failuresLeft--;
      status = 500;
    } else {
      if (accepted.has(eventId)) duplicates++;
      else accepted.set(eventId, JSON.parse(raw));
      status = 200;
    }
    let body: unknown = raw;
    try {
      body = JSON.parse(raw);
    } catch {
      /* not JSON */
    }
    received.push({ eventId, body, status });
    res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'no');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/leaderboard`,
    received,
    /** Events taken, by id (each once, however often it was sent). */
    accepted,
    duplicates: () => duplicates,
    badSignatures: () => badSignatures,
    /** Makes the next `n` valid deliveries fail with 500. */
    failNext: (n: number) => {
      failuresLeft = n;
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
