/**
 * Child process of the read cases, so the origin's per-request log lines go to a file and not the
 * bench's output. Asks the origin Hono app (`app.request()`, in process) and, on the largest board,
 * the same Lua scripts straight through a GLIDE client in this same process, interleaved in rounds.
 * Input: BENCH_READS (JSON). Output: IPC messages {progress} and one {result}.
 */
import { createValkeyClient } from '../../origin/clients/valkey.ts';
import { loadConfig } from '../../origin/config.ts';
import { app } from '../../origin/app.ts';
import { periodKeys } from '../../origin/projection/keys.ts';
import { AROUND, PLAYERS, TOP } from '../../origin/projection/scripts.ts';
import { asker, originPath, QUERIES, RADIUS, type Ask, type Query } from '../queries.ts';
import { summarize, type Summary } from '../stats.ts';

export interface ReadsInput {
  boards: { players: number; id: string; space: string }[];
  samples: number;
  warmup: number;
}

export interface ReadsOutput {
  origin: Record<number, Record<Query, Summary>>;
  raw: Record<Query, Summary>;
  errors: number;
  firstError?: string;
}

const input = JSON.parse(process.env.BENCH_READS ?? '{}') as ReadsInput;
const send = (msg: unknown) => new Promise<void>((resolve) => (process.send ? process.send(msg, () => resolve()) : resolve()));
const progress = (line: string) => void send({ progress: line });

const ROUND = 50;

async function main(): Promise<void> {
  const raw = await createValkeyClient(loadConfig().valkey);
  let errors = 0;
  let firstError: string | undefined;

  const askOrigin = async (board: string, a: Ask) => {
    const res = await app.request(originPath(board, a));
    const body = await res.text();
    if (res.status !== 200) {
      errors++;
      firstError ??= `${res.status} ${body.slice(0, 200)}`;
    }
  };
  const askRaw = async (space: string, a: Ask) => {
    const k = periodKeys(space, 'all');
    const keys = [k.z, k.e, k.meta];
    if (a.query === 'top10') await raw.invokeScript(TOP, { keys, args: ['', '10'] });
    else if (a.query === 'around') await raw.invokeScript(AROUND, { keys, args: [a.players[0]!, String(RADIUS)] });
    else await raw.invokeScript(PLAYERS, { keys, args: a.players });
  };
  const timed = async (fn: () => Promise<void>) => {
    const t = performance.now();
    await fn();
    return performance.now() - t;
  };

  const out: ReadsOutput = { origin: {}, raw: {} as Record<Query, Summary>, errors: 0 };
  const largest = input.boards.at(-1)!;
  for (const b of input.boards) {
    const withRaw = b === largest;
    out.origin[b.players] = {} as Record<Query, Summary>;
    for (const q of QUERIES) {
      const ask = asker(b.players, b.players + q.length);
      for (let i = 0; i < input.warmup; i++) {
        const a = ask(q);
        await askOrigin(b.id, a);
        if (withRaw) await askRaw(b.space, a);
      }
      const o: number[] = [];
      const r: number[] = [];
      while (o.length < input.samples) {
        const round = Array.from({ length: Math.min(ROUND, input.samples - o.length) }, () => ask(q));
        for (const a of round) o.push(await timed(() => askOrigin(b.id, a)));
        if (withRaw) for (const a of round) r.push(await timed(() => askRaw(b.space, a)));
      }
      out.origin[b.players]![q] = summarize(o);
      if (withRaw) out.raw[q] = summarize(r);
      progress(`  ${b.id} ${q}: origin p50 ${out.origin[b.players]![q].p50.toFixed(3)} ms${withRaw ? `, raw GLIDE p50 ${out.raw[q].p50.toFixed(3)} ms` : ''}`);
    }
  }
  out.errors = errors;
  if (firstError) out.firstError = firstError;
  raw.close();
  await send({ result: out });
}

main().then(
  () => process.exit(0),
  (err: unknown) => void send({ error: String(err instanceof Error ? err.stack : err) }).finally(() => process.exit(1)),
);
