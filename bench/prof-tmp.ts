import { mkdtempSync, chmodSync, readdirSync, readFileSync } from 'node:fs';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { BENCH_PORTS } from '../dev/local-config.ts';
import { startStack } from '../dev/stack/stack.ts';
import { createValkeyClient } from '../origin/clients/valkey.ts';
import { loadConfig } from '../origin/config.ts';
import { createProjection } from '../origin/projection/projection.ts';
import { boardSpace } from '../origin/projection/keys.ts';
import { createBoard, seedBoard } from './seed.ts';
const dataDir = mkdtempSync('/tmp/lb-bench-prof-'); chmodSync(dataDir, 0o755);
const stack = await startStack({ ports: BENCH_PORTS, valkey: 'standalone', postgres: 'pg15', dataDir, withEdge: false });
try {
  const pool = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:${BENCH_PORTS.postgres}/leaderboard` });
  const client = await createValkeyClient(loadConfig(stack.originEnv).valkey);
  const board = await createBoard(pool, { id: 'bench-10k' });
  await seedBoard(pool, createProjection(client), board, 10000);
  client.close(); await pool.end();
  const env: NodeJS.ProcessEnv = { ...process.env, ...stack.originEnv, BENCH_READS: JSON.stringify({ boards: [{ players: 10000, id: 'bench-10k', space: boardSpace(board) }], samples: 3000, warmup: 200 }) };
  delete env.EDGE_PRINCIPAL_ARN;
  const child = fork(join(import.meta.dirname, 'cases/origin-reads-child.ts'), [], { env, execArgv: ['--import', 'tsx', '--cpu-prof', `--cpu-prof-dir=${dataDir}/prof`], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  child.on('message', (m: any) => m.progress && console.log(m.progress));
  await new Promise((r) => child.on('exit', r));
  const f = readdirSync(`${dataDir}/prof`)[0]!;
  const prof = JSON.parse(readFileSync(`${dataDir}/prof/${f}`, 'utf8'));
  const self = new Map<string, number>();
  const dt = new Map<number, number>();
  prof.samples.forEach((id: number, i: number) => dt.set(id, (dt.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
  const byFile = new Map<string, number>();
  for (const n of prof.nodes) {
    const t = dt.get(n.id) ?? 0;
    const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/.*node_modules\//, 'nm/').replace('file:///work/wt/bench/', '')}:${n.callFrame.lineNumber}`;
    self.set(k, (self.get(k) ?? 0) + t);
    const file = n.callFrame.url.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, 'nm/$1').replace('file:///work/wt/bench/', '').replace(/\/[^/]+$/, '') || n.callFrame.functionName;
    byFile.set(file, (byFile.get(file) ?? 0) + t);
  }
  console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 30).map(([k, v]) => `${(v / 1000).toFixed(0)}ms ${k}`).join('\n'));
  console.log('--- by package/dir');
  console.log([...byFile].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${(v / 1000).toFixed(0)}ms ${k}`).join('\n'));
} finally { await stack.stop(); }
