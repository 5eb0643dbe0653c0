import { describe, expect, it } from 'vitest';
import { createClient, LeaderboardError, retryAfterSeconds, type ClientOptions, type LiveEvent, type LiveSource } from './index.ts';

interface Seen {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: unknown;
}

/** A fetch that answers from a list (the last answer repeats) and records every request. */
function fakeFetch(answers: (Response | Error | ((s: Seen) => Response))[]) {
  const seen: Seen[] = [];
  const fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const s: Seen = {
      method: init.method ?? 'GET',
      url: new URL(String(input), 'http://edge.test'),
      headers: { ...(init.headers as Record<string, string>) },
      body: typeof init.body === 'string' ? JSON.parse(init.body) : null,
    };
    seen.push(s);
    const a = answers[Math.min(seen.length - 1, answers.length - 1)]!;
    if (a instanceof Error) throw a;
    return typeof a === 'function' ? a(s) : a.clone();
  };
  return { fetch: fetch as typeof globalThis.fetch, seen };
}

const envelope = (status: number, code: string, headers: Record<string, string> = {}, details?: Record<string, unknown>) =>
  Response.json({ error: { code, message: `${code}!`, ...(details ? { details } : {}) }, requestId: 'req-1' }, { status, headers });
const entry = { rank: 1, playerId: 'alice', score: 42, achievedAt: '2026-11-23T10:15:00.000Z', metadata: null };
const submitted = (seq: number) => Response.json({ entry, updated: true, previous: null }, { headers: { 'x-board-seq': String(seq) } });
const page = () => Response.json({ board: 'b1', period: 'all', total: 1, entries: [entry], nextCursor: null });

function client(answers: Parameters<typeof fakeFetch>[0], o: ClientOptions = {}) {
  const f = fakeFetch(answers);
  const waits: number[] = [];
  let keys = 0;
  const c = createClient({
    baseUrl: 'https://lb.example.com/',
    token: 'server-key',
    fetch: f.fetch,
    sleep: async (ms) => void waits.push(ms),
    newIdempotencyKey: () => `key-${++keys}`,
    ...o,
  });
  return { c, seen: f.seen, waits };
}

describe('writes', () => {
  it('sends each submit with its own Idempotency-Key, the bearer token and a JSON body', async () => {
    const { c, seen } = client([submitted(1)]);
    const out = await c.submit('b1', { playerId: 'alice', score: 42 });
    await c.submit('b1', { playerId: 'alice', score: 43 });
    expect(out.entry.score).toBe(42);
    expect(seen.map((s) => [s.method, s.url.href, s.headers['idempotency-key'], s.headers.authorization, s.headers['content-type']])).toEqual([
      ['POST', 'https://lb.example.com/api/boards/b1/scores', 'key-1', 'Bearer server-key', 'application/json'],
      ['POST', 'https://lb.example.com/api/boards/b1/scores', 'key-2', 'Bearer server-key', 'application/json'],
    ]);
    expect(seen[0]!.body).toEqual({ playerId: 'alice', score: 42 });
  });

  it('retries a 503 after its Retry-After, with the same Idempotency-Key', async () => {
    const { c, seen, waits } = client([envelope(503, 'unavailable', { 'retry-after': '2' }), submitted(7)]);
    const out = await c.submit('b1', { playerId: 'alice', score: 42 }, { idempotencyKey: 'mine' });
    expect(out.updated).toBe(true);
    expect(seen.map((s) => s.headers['idempotency-key'])).toEqual(['mine', 'mine']);
    expect(waits).toEqual([2000]);
  });

  it('retries a 429 and a lost connection, backing off when there is no Retry-After', async () => {
    const { c, seen, waits } = client([envelope(429, 'rate_limited'), new TypeError('socket hang up'), submitted(3)]);
    await c.submit('b1', { playerId: 'alice', score: 1 });
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((s) => s.headers['idempotency-key'])).size).toBe(1);
    expect(waits).toEqual([250, 500]);
  });

  it('gives up after the bounded number of attempts, with the last error', async () => {
    const { c, seen } = client([envelope(503, 'unavailable', { 'retry-after': '1' })], { retry: { attempts: 4 } });
    const err = await c.submit('b1', { playerId: 'alice', score: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LeaderboardError);
    expect(err).toMatchObject({ status: 503, code: 'unavailable', retryAfterSeconds: 1, requestId: 'req-1', unavailable: true });
    expect(seen).toHaveLength(4);
  });

  it('does not wait for a Retry-After longer than maxWaitSeconds', async () => {
    const { c, seen, waits } = client([envelope(429, 'rate_limited', { 'retry-after': '60' }), submitted(1)], { retry: { maxWaitSeconds: 30 } });
    await expect(c.submit('b1', { playerId: 'alice', score: 1 })).rejects.toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: 60 });
    expect(seen).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('retries a batch on 429, 503 and a lost connection, always with the same Idempotency-Key', async () => {
    const batch = [{ playerId: 'a', score: 1 }];
    const ok = () => Response.json({ results: [] });
    const { c, seen } = client([envelope(429, 'rate_limited', { 'retry-after': '1' }), envelope(503, 'unavailable', { 'retry-after': '1' }), new TypeError('reset'), ok()], { retry: { attempts: 4 } });
    expect((await c.submitBatch('b1', batch)).results).toEqual([]);
    expect(seen).toHaveLength(4);
    const keys = new Set(seen.map((s) => s.headers['idempotency-key']));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toBeTruthy();
    const mine = client([ok()]);
    await mine.c.submitBatch('b1', batch, { idempotencyKey: 'import-7' });
    expect(mine.seen[0]!.headers['idempotency-key']).toBe('import-7');
  });

  it('turns the error envelope into a LeaderboardError and does not retry a 4xx', async () => {
    const { c, seen } = client([envelope(400, 'invalid_request', {}, { score: 'must be an integer' })]);
    const err = (await c.submit('b1', { playerId: 'alice', score: 1.5 }).catch((e: unknown) => e)) as LeaderboardError;
    expect(err).toMatchObject({ status: 400, code: 'invalid_request', message: 'invalid_request!', details: { score: 'must be an integer' }, unavailable: false });
    expect(seen).toHaveLength(1);
  });

  it('lets one call use its own token, or none', async () => {
    const { c, seen } = client([submitted(1)]);
    await c.submit('b1', { playerId: 'p', score: 1 }, { token: 'player-jwt' });
    await c.submit('b1', { playerId: 'p', score: 1 }, { token: null });
    expect(seen.map((s) => s.headers.authorization)).toEqual(['Bearer player-jwt', undefined]);
  });
});

describe('reads', () => {
  it('sends no credentials and builds the query from the options', async () => {
    const { c, seen } = client([page()]);
    await c.entries('b1', { limit: 5, cursor: 'abc', period: undefined });
    await c.players('b1', ['a', 'b c']);
    expect(seen.map((s) => [s.url.pathname + s.url.search, s.headers.authorization])).toEqual([
      ['/api/boards/b1/entries?limit=5&cursor=abc', undefined],
      ['/api/boards/b1/players?ids=a%2Cb+c', undefined],
    ]);
  });

  it("after a write, sends its X-Board-Seq as minSeq on reads of that board only, and never goes back", async () => {
    const { c, seen } = client([page(), submitted(42), submitted(40), page()]);
    await c.entries('b1');
    await c.submit('b1', { playerId: 'alice', score: 1 });
    await c.submit('b1', { playerId: 'alice', score: 1 });
    await c.entries('b1');
    await c.player('b1', 'alice');
    await c.entries('b2');
    await c.boards();
    expect(seen.filter((s) => s.method === 'GET').map((s) => s.url.searchParams.get('minSeq'))).toEqual([null, '42', '42', null, null]);
    expect(c.boardSeq('b1')).toBe(42);
    const off = client([submitted(5), page()], { readYourWrites: false });
    await off.c.submit('b1', { playerId: 'a', score: 1 });
    await off.c.entries('b1');
    expect(off.seen[1]!.url.searchParams.has('minSeq')).toBe(false);
  });

  it('answers a conditional GET that is still current with body null and the etag it sent', async () => {
    const { c, seen } = client([new Response(null, { status: 304, headers: { 'x-cache': 'HIT', age: '3' } })]);
    const a = await c.request('GET', '/api/boards/b1/entries', { etag: '"v1"' });
    expect(a).toMatchObject({ status: 304, body: null, etag: '"v1"', cache: 'HIT', ageSeconds: 3 });
    expect(seen[0]!.headers['if-none-match']).toBe('"v1"');
  });

  it('retries a read on 503 and on a lost connection', async () => {
    const { c, seen } = client([new TypeError('reset'), envelope(503, 'unavailable', { 'retry-after': '0' }), page()]);
    expect((await c.entries('b1')).total).toBe(1);
    expect(seen).toHaveLength(3);
  });

  it('returns the deep health answer when a part failed (503 with the same shape)', async () => {
    const failed = { status: 'unavailable', edge: 'ok', origin: 'unreachable', valkey: 'unknown', supabase: 'unknown' };
    const { c, seen } = client([Response.json(failed, { status: 503, headers: { 'retry-after': '5' } })]);
    expect(await c.deepHealth()).toEqual(failed);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers.authorization).toBe('Bearer server-key');
  });
});

describe('watch', () => {
  it('hands over to a live source when the client has one', () => {
    const calls: string[] = [];
    const live: LiveSource = {
      subscribe: (board, onVersion) => {
        calls.push(board);
        onVersion(9);
        return () => calls.push('stopped');
      },
    };
    const versions: number[] = [];
    const stop = client([page()], { live }).c.watch('b1', (v) => versions.push(v));
    stop();
    expect(calls).toEqual(['b1', 'stopped']);
    expect(versions).toEqual([9]);
  });

  it('polls the board otherwise, reporting each new version once', async () => {
    let n = 0;
    const seqs = [1, 1, 2];
    const { c, seen } = client([
      () => {
        const seq = seqs[Math.min(n++, seqs.length - 1)]!;
        return n > 1 && seq === 1 ? new Response(null, { status: 304, headers: { 'x-board-seq': '1', etag: '"a"' } }) : Response.json({}, { headers: { 'x-board-seq': String(seq), etag: `"s${seq}"` } });
      },
    ]);
    const versions: number[] = [];
    const stop = c.watch('b1', (v) => versions.push(v), { intervalMs: 5 });
    await expect.poll(() => versions, { timeout: 5000 }).toEqual([1, 2]);
    stop();
    expect(seen[1]!.headers['if-none-match']).toBe('"s1"');
  });
});

describe('retryAfterSeconds', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterSeconds('7')).toBe(7);
    expect(retryAfterSeconds('Wed, 02 Dec 2026 00:00:10 GMT', Date.parse('2026-12-02T00:00:00Z'))).toBe(10);
    expect(retryAfterSeconds(null)).toBeNull();
    expect(retryAfterSeconds('soon')).toBeNull();
  });
});

describe('stream', () => {
  /** An event-stream answer whose body arrives in the given chunks (split anywhere, as a network does). */
  const sse = (...chunks: string[]) =>
    new Response(new ReadableStream({ start(c) { for (const x of chunks) c.enqueue(new TextEncoder().encode(x)); c.close(); } }), { headers: { 'content-type': 'text/event-stream' } });
  const entryEvent = (seq: number, playerId: string) => `id: ${seq}\nevent: entry\ndata: ${JSON.stringify({ seq, playerId, score: seq, rank: 1, previousRank: null })}\n\n`;

  it('delivers events in order across chunk boundaries, skips heartbeats, and reconnects with Last-Event-ID', async () => {
    const first = entryEvent(5, 'ann') + ': heartbeat\n\n' + entryEvent(6, 'bob');
    const { c, seen, waits } = client([
      sse(first.slice(0, 17), first.slice(17, 60), first.slice(60)),
      () => sse('event: reset\ndata: {"reason":"behind"}\n\n'),
      envelope(404, 'board_not_found'),
    ]);
    const got: LiveEvent[] = [];
    const errors: LeaderboardError[] = [];
    const sub = c.stream('b1', 'top:10', (e) => got.push(e), { onError: (e) => errors.push(e), reconnectMs: 5 });
    await sub.done;
    expect(got.map((e) => [e.event, e.id, 'playerId' in e.data ? e.data.playerId : null])).toEqual([
      ['entry', '5', 'ann'],
      ['entry', '6', 'bob'],
      ['reset', null, null],
    ]);
    expect(seen.map((s) => s.url.pathname + s.url.search)).toEqual(Array(3).fill('/api/boards/b1/stream?view=top%3A10'));
    expect(seen.map((s) => s.headers['last-event-id'] ?? null)).toEqual([null, '6', '6']);
    expect(errors.map((e) => [e.status, e.code])).toEqual([[404, 'board_not_found']]);
    expect(waits).toEqual([5, 5]);
  });

  it('waits for Retry-After on a 429 and tries again; close() stops it', async () => {
    let release: () => void = () => undefined;
    const hold = new Promise<void>((r) => (release = r));
    const { c, seen, waits } = client([
      envelope(429, 'rate_limited', { 'retry-after': '3' }),
      () => new Response(new ReadableStream({ async start(ctl) { ctl.enqueue(new TextEncoder().encode(entryEvent(9, 'cy'))); await hold; ctl.close(); } }), { headers: { 'content-type': 'text/event-stream' } }),
    ]);
    const got: LiveEvent[] = [];
    const sub = c.stream('b1', 'ids:cy', (e) => got.push(e));
    for (let i = 0; i < 50 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(got.map((e) => e.id)).toEqual(['9']);
    expect(waits).toEqual([3000]);
    sub.close();
    release();
    await sub.done;
    expect(seen).toHaveLength(2);
  });
});
