/**
 * Live stream fan-out (docs/live.md): N subscribers (1,000 in the full run) watch one board
 * through the edge's Durable Object, and each write's event is timed from the write's
 * acknowledgement to its arrival at every subscriber. Writes through the edge (the object is poked
 * at once) against writes straight to the origin, signed as the edge signs, as batch jobs, source
 * sync and the admin's tasks write (the object's pull finds them). Plus the edge's CPU per delivered event.
 */
import { AwsClient } from 'aws4fetch';
import { formatPrincipal, PRINCIPAL_HEADER } from '../../core/index.ts';
import { LOCAL_AWS } from '../../dev/local-config.ts';
import { openSse, type SseStream } from '../../test/sse.ts';
import type { BenchContext } from '../context.ts';
import { cpuSeconds } from '../cpu.ts';
import { createBoard } from '../seed.ts';
import { summarize } from '../stats.ts';

const BOARD = 'bench-live';
const GAP_MS = 150;

/** Opens `n` subscribers, a few at a time so wrangler dev's proxy is not flooded with handshakes. */
async function subscribe(url: string, n: number): Promise<SseStream[]> {
  const out: SseStream[] = [];
  for (let i = 0; i < n; i += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, n - i) }, () => openSse(url)));
    for (const s of batch) if (s.status !== 200) throw new Error(`a subscriber was refused: ${s.status} ${JSON.stringify(s.body)}`);
    out.push(...batch);
  }
  return out;
}

/** Makes `count` writes one after another; each write's acknowledgement time by its event id. */
async function writes(count: number, write: (i: number, key: string) => Promise<Response>): Promise<Map<string, number>> {
  const acks = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const key = crypto.randomUUID();
    // Sent once more (same Idempotency-Key, so never applied twice) when wrangler dev's proxy resets a kept-alive connection.
    const res = await write(i, key).catch(() => write(i, key));
    const at = performance.now();
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`write ${i} answered ${res.status}`);
    acks.set(res.headers.get('x-board-seq') ?? '', at);
    await new Promise((r) => setTimeout(r, GAP_MS));
  }
  return acks;
}

/** Waits until every subscriber has every event, or `ms` passed; latencies in ms and how many are missing. */
async function deliveries(subs: SseStream[], acks: Map<string, number>, ms: number): Promise<{ latencies: number[]; missing: number }> {
  const ids = new Set(acks.keys());
  const has = (s: SseStream) => s.events.filter((e) => e.event === 'entry' && e.id !== null && ids.has(e.id)).length >= ids.size;
  const deadline = Date.now() + ms;
  while (!subs.every(has) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const latencies: number[] = [];
  let missing = 0;
  for (const s of subs) {
    for (const [id, at] of acks) {
      const e = s.events.find((x) => x.event === 'entry' && x.id === id);
      // An event can beat the acknowledgement to the client (a pull found it first): count that as 0.
      if (e) latencies.push(Math.max(0, e.at - at));
      else missing++;
    }
  }
  return { latencies, missing };
}

export async function stream(ctx: BenchContext): Promise<void> {
  // LB_BENCH_LIVE_SUBSCRIBERS sizes a run between the two, e.g. to reproduce at a size a busy machine can run.
  const n = Number(process.env.LB_BENCH_LIVE_SUBSCRIBERS) || (ctx.quick ? 100 : 1000);
  const count = ctx.quick ? 10 : 30;
  const edge = ctx.stack.urls.edge;
  await createBoard(ctx.pool, { id: BOARD });
  const ready = await fetch(`${edge}/api/boards/${BOARD}/entries`);
  if (ready.status !== 200) throw new Error(`could not read ${BOARD}: ${ready.status}`);
  await ready.arrayBuffer();

  ctx.progress(`  opening ${n} subscribers`);
  const subs = await subscribe(`${edge}/api/boards/${BOARD}/stream?view=top:1000`, n);
  ctx.onCleanup(async () => subs.forEach((s) => s.close()));

  const key = (ctx.stack.devVars.SERVER_API_KEYS ?? '').split(',')[0] ?? '';
  const edgeTree = ctx.stack.edge ? { edge: ctx.stack.edge.pid } : null;
  ctx.progress(`  ${count} writes through the edge, ${GAP_MS} ms apart`);
  const cpu0 = edgeTree ? cpuSeconds(edgeTree).edge! : 0;
  const viaEdge = await writes(count, (i, idem) =>
    fetch(`${edge}/api/boards/${BOARD}/scores`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': idem }, body: JSON.stringify({ playerId: `e${i}`, score: 1000 + i }) }),
  );
  const edgeDelivered = await deliveries(subs, viaEdge, 30_000);
  const cpu = edgeTree ? cpuSeconds(edgeTree).edge! - cpu0 : Number.NaN;

  ctx.progress(`  ${count} writes straight to the origin (another path), ${GAP_MS} ms apart`);
  const aws = new AwsClient({ accessKeyId: ctx.stack.devVars.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: ctx.stack.devVars.AWS_SECRET_ACCESS_KEY ?? '', service: 'lambda', region: LOCAL_AWS.region, retries: 0 });
  const viaOrigin = await writes(count, (i, idem) =>
    aws.fetch(`${ctx.stack.urls.emulator}/api/boards/${BOARD}/scores`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': crypto.randomUUID(), 'idempotency-key': idem, [PRINCIPAL_HEADER]: formatPrincipal({ kind: 'server', keyId: 'bench' }) },
      body: JSON.stringify({ playerId: `o${i}`, score: 2000 + i }),
    }),
  );
  const originDelivered = await deliveries(subs, viaOrigin, 30_000);
  const ended = subs.filter((s) => s.ended).length;
  const heartbeats = subs.filter((s) => s.comments.some((c) => c.startsWith('heartbeat'))).length;
  for (const s of subs) s.close();

  const a = summarize(edgeDelivered.latencies);
  const b = summarize(originDelivered.latencies);
  const expected = n * count;
  ctx.result({ name: `live: write through the edge to event at all ${n} subscribers, p50`, value: a.p50, unit: 'ms', baseline: null, target: { on: 'value', op: '<=', limit: 250 } });
  ctx.result({
    name: `live: write through the edge to event at all ${n} subscribers, p99`,
    value: a.p99,
    unit: 'ms',
    baseline: null,
    target: { on: 'value', op: '<=', limit: 250 },
    note: `${count} writes; the edge pokes the board's Durable Object after the acknowledgement, and it pulls at once; ${edgeDelivered.missing} of ${expected} deliveries missing after 30 s`,
  });
  ctx.result({ name: `live: write by another path to event at all ${n} subscribers, p50`, value: b.p50, unit: 'ms', baseline: null, target: { on: 'value', op: '<=', limit: 1500 } });
  ctx.result({
    name: `live: write by another path to event at all ${n} subscribers, p99`,
    value: b.p99,
    unit: 'ms',
    baseline: null,
    target: { on: 'value', op: '<=', limit: 1500 },
    note: `${count} writes signed straight to the origin; the object finds them with its pull every LIVE_POLL_MS (500 ms); ${originDelivered.missing} of ${expected} deliveries missing after 30 s; ${ended} of ${n} streams had ended by then, ${heartbeats} had seen a heartbeat`,
  });
  ctx.result({ name: 'live: deliveries missing', value: edgeDelivered.missing + originDelivered.missing, unit: 'events', baseline: null, target: { on: 'value', op: '<=', limit: 0 } });
  ctx.info({
    name: `live: edge CPU (wrangler dev + workerd) per delivered event, ${n} subscribers`,
    value: (cpu * 1e6) / Math.max(1, expected - edgeDelivered.missing),
    unit: 'µs',
    note: 'the Worker and Durable Object, and wrangler dev\'s local proxy that every stream also crosses, over the edge-write phase, divided by the events delivered',
  });
}
