/**
 * Global setup of the chaos project. It owns the stack (test ports, PGlite kept on disk so the
 * gateway can be stopped and started without losing the record, or PostgreSQL 15 for the history
 * check) and serves a small control API
 * on loopback, so that scenarios running in vitest's workers can kill and restart components:
 *
 *   GET  /stack                      what the tests need to reach the current stack
 *   POST /stack        {valkey, postgres?}  make sure the stack runs with this Valkey mode and database (restarts it if not)
 *   POST /valkey/kill | /valkey/restart
 *   POST /gateway/stop | /gateway/start, /emulator/stop | /emulator/start
 *   POST /edge/restart               a fresh edge (new wrangler dev and workerd, empty cache)
 *   GET  /cluster/primaries, POST /cluster/kill|restart|failover {port}
 *   POST /summary      {row}         one summary row; all rows are printed and written at teardown
 *
 * LB_CHAOS=short runs every scenario shortened (npm test's chaos phase).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TEST_PORTS } from '../../../dev/local-config.ts';
import { startStack, type Stack } from '../../../dev/stack/stack.ts';
import { chaosSection, RELIABILITY_DOC, spliceChaos } from './readme.ts';
import { summaryTable, type SummaryRow } from './summary.ts';

/** Valkey standalone or a cluster, on PGlite; or standalone Valkey on PostgreSQL 15 (the history check). */
type Mode = 'standalone' | 'cluster' | 'standalone-pg15';

/** Port of the control API: beside the test edge's ports (below the ephemeral range), shifted with LB_PORT_OFFSET like the rest. */
export const CONTROL_PORT = TEST_PORTS.edge + 61;

let stack: Stack | undefined;
let mode: Mode | undefined;
let server: Server | undefined;
let dataDir: string | undefined;
const started = Date.now();
const rows: SummaryRow[] = [];
const logsDirs = new Set<string>();
const log = (l: string) => console.log(`[chaos] ${l}`);

async function ensure(want: Mode): Promise<Stack> {
  if (stack && mode === want) return stack;
  if (stack) {
    log(`restarting the stack with ${want} Valkey`);
    await stack.stop();
    stack = undefined;
  }
  if (!dataDir) {
    dataDir = mkdtempSync(join(tmpdir(), 'lb-chaos-'));
    chmodSync(dataDir, 0o755); // PostgreSQL 15 runs as its own user and must reach its data dir inside
  }
  // A fresh database per stack, so an earlier mode's record never leaks into the next.
  const runDir = join(dataDir, `${want}-${Date.now()}`);
  const valkey = want === 'cluster' ? 'cluster' : 'standalone';
  // PostgreSQL 15 for the history check: PGlite runs one query at a time, so the SQL functions'
  // races would never really happen. PGlite (kept on disk, so the gateway can restart) elsewhere.
  const db = want === 'standalone-pg15' ? { postgres: 'pg15' } : { persistent: true };
  stack = await startStack({ ports: TEST_PORTS, valkey, ...db, dataDir: runDir, log: (l) => log(`[stack] ${l}`) });
  mode = want;
  logsDirs.add(join(runDir, 'logs'));
  return stack;
}

function info(s: Stack) {
  return {
    mode,
    urls: s.urls,
    valkeyEndpoint: s.valkeyEndpoint,
    valkeyCa: s.valkeyCluster?.caFile ?? '',
    clusterPorts: s.valkeyCluster?.nodes.map((n) => n.port) ?? [],
    logs: [...logsDirs],
    devVars: s.devVars,
  };
}

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

async function handle(method: string, path: string, args: Record<string, unknown>): Promise<unknown> {
  if (path === '/summary' && method === 'POST') return rows.push(args as unknown as SummaryRow);
  if (path === '/stack') return info(method === 'POST' ? await ensure(args.valkey === 'cluster' ? 'cluster' : args.postgres === 'pg15' ? 'standalone-pg15' : 'standalone') : await ensure(mode ?? 'standalone'));
  const s = await ensure(mode ?? 'standalone');
  const port = Number(args.port);
  const cluster = () => {
    if (!s.valkeyCluster) throw new Error('the stack runs standalone Valkey');
    return s.valkeyCluster;
  };
  const standalone = () => {
    if (!s.valkeyServer) throw new Error('the stack runs a Valkey cluster');
    return s.valkeyServer;
  };
  switch (`${method} ${path}`) {
    case 'POST /valkey/kill': return standalone().kill('SIGKILL');
    case 'POST /valkey/restart': return standalone().restart();
    case 'POST /gateway/stop': return s.gateway.stop();
    case 'POST /gateway/start': return s.restartGateway();
    case 'POST /emulator/stop': return s.emulator.stop();
    case 'POST /emulator/start': return s.restartEmulator();
    case 'POST /edge/restart': return s.restartEdge();
    case 'GET /cluster/primaries': return cluster().primaries();
    case 'POST /cluster/kill': return cluster().killNode(port, 'SIGKILL');
    case 'POST /cluster/restart': return cluster().restartNode(port);
    case 'POST /cluster/failover': return cluster().failover(port);
  }
  throw new Error(`no control action ${method} ${path}`);
}

export async function setup(): Promise<void> {
  await ensure('standalone');
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    body(req)
      .then((args) => handle(req.method ?? 'GET', path, args))
      .then((out) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(out ?? null));
      })
      .catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: err instanceof Error ? err.message : String(err) }));
      });
  });
  try {
    await new Promise<void>((ok, fail) => {
      server!.once('error', fail);
      server!.listen(CONTROL_PORT, '127.0.0.1', ok);
    });
  } catch (err) {
    await stack?.stop();
    throw err;
  }
  process.env.LB_CHAOS_CONTROL = `http://127.0.0.1:${CONTROL_PORT}`;
}

export async function teardown(): Promise<void> {
  await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
  await stack?.stop();
  if (rows.length > 0) {
    const table = summaryTable(rows);
    const form = process.env.LB_CHAOS === 'short' ? 'short' : 'full';
    const command = form === 'short' ? 'LB_CHAOS=short npm run test:chaos' : 'npm run test:chaos';
    const artifacts = resolve(import.meta.dirname, '../../artifacts');
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, 'chaos-summary.md'), `# Chaos summary (${form} form)\n\n\`${command}\`, ${new Date().toISOString()}\n\n${table}\n`);
    console.log(`\n[chaos] summary (${form} form), also in test/artifacts/chaos-summary.md\n${table}\n`);
    // `npm run test:chaos -- --update-readme`: the table in docs/reliability.md is this run's, never pasted by hand.
    if (process.env.LB_CHAOS_UPDATE_README === '1') {
      const readme = RELIABILITY_DOC;
      const portOffset = process.env.LB_PORT_OFFSET ? `LB_PORT_OFFSET=${process.env.LB_PORT_OFFSET} ` : '';
      const section = chaosSection({ command: `${portOffset}${form === 'short' ? 'LB_CHAOS=short ' : ''}npm run test:chaos -- --update-readme`, date: `${new Date().toISOString().slice(0, 10)}, on the 2-core development machine`, minutes: (Date.now() - started) / 60_000, table });
      writeFileSync(readme, spliceChaos(readFileSync(readme, 'utf8'), section));
      console.log('[chaos] wrote the table into docs/reliability.md');
    }
  }
  if (dataDir && !process.env.LB_KEEP_TEST_DATA) rmSync(dataDir, { recursive: true, force: true });
}
