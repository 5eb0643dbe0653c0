/**
 * Live stream fan-out (docs/live.md): N subscribers (1,000 in the full run) watch one board
 * through the edge's Durable Object, and each write's event is timed from the write's
 * acknowledgement to its arrival at every subscriber. Writes through the edge (the object is poked
 * at once) against writes straight to the origin, signed as the edge signs, as batch jobs, source
 * sync and the admin's tasks write (the object's pull finds them). Plus the edge's CPU per delivered event.
 *
 * Measured twice: first against the Worker's runtime alone (bench/runtime.ts), as production runs
 * it, which the targets apply to; then through wrangler dev's address, whose local proxy every
 * stream crosses in `npm start` and the tests, reported without a target.
 */
import { join } from 'node:path';
import { AwsClient } from 'aws4fetch';
import { formatPrincipal, PRINCIPAL_HEADER } from '../../core/index.ts';
import { LOCAL_AWS } from '../../dev/local-config.ts';
import type { BenchContext } from '../context.ts';
import { cpuSeconds } from '../cpu.ts';
import { startWorkerRuntime } from '../runtime.ts';
import { subscribe as openSubscriber, type Subscriber } from '../subscriber.ts';
import { createBoard } from '../seed.ts';
import { summarize, type CaseInput } from '../stats.ts';

const GAP_MS = 150;

/** Opens `n` subscribers, a few at a time so the edge is not flooded with handshakes. */
async function subscribe(url: string, n: number): Promise<Subscriber[]> {
  const out: Subscriber[] = [];
  for (let i = 0; i < n; i += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, n - i) }, () => openSubscriber(url)));
    out.push(...batch);
    const refused = batch.find((s) => s.status !== 200);
    if (refused) {
      for (const s of out) s.close();
      throw new Error(`a subscriber was refused: ${refused.status} ${refused.body}`);
    }
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
async function deliveries(subs: Subscriber[], acks: Map<string, number>, ms: number): Promise<Delivered> {
  const has = (s: Subscriber) => [...acks.keys()].every((id) => s.entries.has(id));
  const deadline = Date.now() + ms;
  while (!subs.every(has) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const latencies: number[] = [];
  const first: number[] = [];
  const spread: number[] = [];
  let missing = 0;
  for (const [id, at] of acks) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const s of subs) {
      const arrived = s.entries.get(id);
      if (arrived === undefined) {
        missing++;
        continue;
      }
      // An event can beat the acknowledgement to the client (a pull found it first): count that as 0.
      latencies.push(Math.max(0, arrived - at));
      lo = Math.min(lo, arrived);
      hi = Math.max(hi, arrived);
    }
    if (hi >= lo) {
      first.push(Math.max(0, lo - at));
      spread.push(hi - lo);
    }
  }
  return { latencies, missing, first, spread };
}

/** Every delivery's latency; per event, from the acknowledgement to its first subscriber, and from its first to its last. */
interface Delivered {
  latencies: number[];
  missing: number;
  first: number[];
  spread: number[];
}

/** One edge to measure: where subscribers and edge writes go, the process tree whose CPU is counted, and its board. */
interface Target {
  label: string;
  url: string;
  cpuPid: number | null;
  board: string;
}

interface Measured {
  edge: Delivered;
  origin: Delivered;
  cpuPerEventUs: number;
  ended: number;
  heartbeats: number;
}

/** Opens `n` subscribers on the target's board, writes through it, then straight to the origin, and times every delivery. */
async function measure(ctx: BenchContext, t: Target, n: number, count: number): Promise<Measured> {
  await createBoard(ctx.pool, { id: t.board });
  // The first read also warms the origin; on a loaded machine it may time out (503): a few tries.
  let status = 0;
  for (let i = 0; i < 5 && status !== 200; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, 1000));
    const ready = await fetch(`${t.url}/api/boards/${t.board}/entries`);
    await ready.arrayBuffer();
    status = ready.status;
  }
  if (status !== 200) throw new Error(`could not read ${t.board}: ${status}`);

  ctx.progress(`  ${t.label}: opening ${n} subscribers`);
  const subs = await subscribe(`${t.url}/api/boards/${t.board}/stream?view=top:1000`, n);
  ctx.onCleanup(async () => subs.forEach((s) => s.close()));
  try {
    const key = (ctx.stack.devVars.SERVER_API_KEYS ?? '').split(',')[0] ?? '';
    ctx.progress(`  ${t.label}: ${count} writes through the edge, ${GAP_MS} ms apart`);
    const cpu0 = t.cpuPid === null ? 0 : cpuSeconds({ edge: t.cpuPid }).edge!;
    const viaEdge = await writes(count, (i, idem) =>
      fetch(`${t.url}/api/boards/${t.board}/scores`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': idem }, body: JSON.stringify({ playerId: `e${i}`, score: 1000 + i }) }),
    );
    const edge = await deliveries(subs, viaEdge, 30_000);
    const cpu = t.cpuPid === null ? Number.NaN : cpuSeconds({ edge: t.cpuPid }).edge! - cpu0;

    ctx.progress(`  ${t.label}: ${count} writes straight to the origin (another path), ${GAP_MS} ms apart`);
    const aws = new AwsClient({ accessKeyId: ctx.stack.devVars.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: ctx.stack.devVars.AWS_SECRET_ACCESS_KEY ?? '', service: 'lambda', region: LOCAL_AWS.region, retries: 0 });
    const viaOrigin = await writes(count, (i, idem) =>
      aws.fetch(`${ctx.stack.urls.emulator}/api/boards/${t.board}/scores`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': crypto.randomUUID(), 'idempotency-key': idem, [PRINCIPAL_HEADER]: formatPrincipal({ kind: 'server', keyId: 'bench' }) },
        body: JSON.stringify({ playerId: `o${i}`, score: 2000 + i }),
      }),
    );
    const origin = await deliveries(subs, viaOrigin, 30_000);
    return {
      edge,
      origin,
      cpuPerEventUs: (cpu * 1e6) / Math.max(1, n * count - edge.missing),
      ended: subs.filter((s) => s.ended).length,
      heartbeats: subs.filter((s) => s.heartbeats > 0).length,
    };
  } finally {
    for (const s of subs) s.close();
  }
}

/** The rows of one target: with the targets for the runtime, as information for wrangler dev. */
function rows(n: number, count: number, m: Measured): { name: string; value: number; unit: string; limit: number; note?: string }[] {
  const a = summarize(m.edge.latencies);
  const b = summarize(m.origin.latencies);
  const expected = n * count;
  return [
    { name: `write through the edge to event at all ${n} subscribers, p50`, value: a.p50, unit: 'ms', limit: 250 },
    {
      name: `write through the edge to event at all ${n} subscribers, p99`,
      value: a.p99,
      unit: 'ms',
      limit: 250,
      note: `${count} writes; the edge pokes the board's Durable Object with the write's event after the acknowledgement; ${m.edge.missing} of ${expected} deliveries missing after 30 s`,
    },
    { name: `write by another path to event at all ${n} subscribers, p50`, value: b.p50, unit: 'ms', limit: 1500 },
    {
      name: `write by another path to event at all ${n} subscribers, p99`,
      value: b.p99,
      unit: 'ms',
      limit: 1500,
      note: `${count} writes signed straight to the origin; the object finds them with its pull every LIVE_POLL_MS (500 ms); ${m.origin.missing} of ${expected} deliveries missing after 30 s; ${m.ended} of ${n} streams had ended by then, ${m.heartbeats} had seen a heartbeat`,
    },
    { name: 'deliveries missing', value: m.edge.missing + m.origin.missing, unit: 'events', limit: 0 },
  ];
}

/** Where an edge write's delivery time goes: reaching the first subscriber, then the fan-out to the last (per event). */
function phases(n: number, m: Measured): { name: string; value: number; unit: string; note?: string }[] {
  const first = summarize(m.edge.first);
  const spread = summarize(m.edge.spread);
  return [
    { name: 'write through the edge to event at its first subscriber, p50', value: first.p50, unit: 'ms' },
    { name: 'write through the edge to event at its first subscriber, p99', value: first.p99, unit: 'ms' },
    { name: `write through the edge, event at its first to its last of ${n} subscribers, p50`, value: spread.p50, unit: 'ms' },
    { name: `write through the edge, event at its first to its last of ${n} subscribers, p99`, value: spread.p99, unit: 'ms' },
  ];
}

export async function stream(ctx: BenchContext): Promise<void> {
  // LB_BENCH_LIVE_SUBSCRIBERS sizes a run between the two, e.g. to reproduce at a size a busy machine can run.
  const n = Number(process.env.LB_BENCH_LIVE_SUBSCRIBERS) || (ctx.quick ? 100 : 1000);
  const count = ctx.quick ? 10 : 30;

  ctx.progress('  building the Worker and starting it in its runtime (Miniflare, no wrangler dev)');
  const runtime = await startWorkerRuntime({
    dir: join(ctx.dataDir, 'runtime'),
    // As the stack's wrangler dev gets them (dev/stack/stack.ts): the local secrets, and the stack's origin.
    vars: { ...ctx.stack.devVars, ORIGIN_URL: ctx.stack.urls.emulator, SUPABASE_URL: ctx.stack.urls.gateway, DEV_MODE: 'true' },
  });
  ctx.onCleanup(() => runtime.stop());
  try {
    const m = await measure(ctx, { label: 'Worker runtime', url: runtime.url, cpuPid: runtime.pid, board: 'bench-live' }, n, count);
    for (const r of rows(n, count, m)) {
      const c: CaseInput = { name: `live: ${r.name}`, value: r.value, unit: r.unit, baseline: null, target: { on: 'value', op: '<=', limit: r.limit }, ...(r.note ? { note: r.note } : {}) };
      ctx.result(c);
    }
    for (const p of phases(n, m)) ctx.info({ ...p, name: `live: ${p.name}` });
    ctx.info({
      name: `live: edge CPU (the Worker runtime's workerd) per delivered event, ${n} subscribers`,
      value: m.cpuPerEventUs,
      unit: 'µs',
      note: 'the Worker and its Durable Object over the edge-write phase, divided by the events delivered',
    });
  } finally {
    await runtime.stop();
  }

  // The same through wrangler dev's address (npm start, the tests): its local proxy is in the path.
  const edgePid = ctx.stack.edge?.pid ?? null;
  try {
    const m = await measure(ctx, { label: 'through wrangler dev', url: ctx.stack.urls.edge, cpuPid: edgePid, board: 'bench-live-wd' }, n, count);
    for (const r of [...rows(n, count, m), ...phases(n, m)]) ctx.info({ name: `live through wrangler dev's proxy (no target): ${r.name}`, value: r.value, unit: r.unit, ...(r.note ? { note: r.note } : {}) });
    ctx.info({
      name: `live through wrangler dev's proxy: edge CPU (wrangler dev + workerd) per delivered event, ${n} subscribers`,
      value: m.cpuPerEventUs,
      unit: 'µs',
      note: "the Worker and Durable Object, and wrangler dev's local proxy that every stream also crosses, over the edge-write phase, divided by the events delivered",
    });
  } catch (err) {
    ctx.info({ name: "live through wrangler dev's proxy (no target): did not complete", value: Number.NaN, unit: '', note: String(err instanceof Error ? err.message : err) });
  }
}
