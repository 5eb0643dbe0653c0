/**
 * Child process of the read cases, so the origin's per-request log lines go to a file and not the
 * bench's output. Asks the origin Hono app (`app.request()`, in process) and, on the largest board,
 * the same Lua scripts straight through a GLIDE client in this same process, interleaved in rounds.
 * The board sizes are interleaved too: each round asks every board in turn, starting with a
 * different one each time, so that drift on a shared machine falls on every size alike.
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
  const boards = input.boards;
  const largest = boards.at(-1)!;
  for (const b of boards) out.origin[b.players] = {} as Record<Query, Summary>;
  for (const q of QUERIES) {
    const askers = boards.map((b) => asker(b.players, b.players + q.length));
    for (const [j, b] of boards.entries()) {
      for (let i = 0; i < input.warmup; i++) {
        const a = askers[j]!(q);
        await askOrigin(b.id, a);
        if (b === largest) await askRaw(b.space, a);
      }
    }
    const o = boards.map((): number[] => []);
    const r: number[] = [];
    for (let round = 0; o[0]!.length < input.samples; round++) {
      const n = Math.min(ROUND, input.samples - o[0]!.length);
      for (let k = 0; k < boards.length; k++) {
        const j = (round + k) % boards.length;
        const b = boards[j]!;
        const batch = Array.from({ length: n }, () => askers[j]!(q));
        for (const a of batch) o[j]!.push(await timed(() => askOrigin(b.id, a)));
        if (b === largest) for (const a of batch) r.push(await timed(() => askRaw(b.space, a)));
      }
    }
    for (const [j, b] of boards.entries()) out.origin[b.players]![q] = summarize(o[j]!);
    out.raw[q] = summarize(r);
    progress(`  ${q}: origin p50 ${boards.map((b) => `${b.id} ${out.origin[b.players]![q].p50.toFixed(3)} ms`).join(', ')}; raw GLIDE p50 ${out.raw[q].p50.toFixed(3)} ms on ${largest.id}`);
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
