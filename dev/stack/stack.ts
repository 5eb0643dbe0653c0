/**
 * The whole local stack on real components: Valkey (standalone or a 3-shard TLS cluster),
 * Postgres (PGlite, PostgreSQL 15 or DATABASE_URL) behind the PostgREST-compatible gateway,
 * the Lambda Function URL emulator running the origin, and the Worker in `wrangler dev`.
 * Used by `npm start` (dev ports) and by the test harness (test ports).
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { LOCAL_AWS, LOCAL_CLOUDFLARE, LOCAL_SUPABASE, type StackPorts } from '../local-config.ts';
import { startValkeyCluster, startValkeyStandalone, type ValkeyCluster, type ValkeyServer } from '../valkey/index.ts';
import { lambdaHeapFlags, templateMemorySize } from '../emulator/lambda-heap.ts';
import { loadDevVars } from './dev-vars.ts';
import { startService, type Service } from './service.ts';
import { supervise, type Supervised } from './supervise.ts';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface StackOptions {
  ports: StackPorts;
  valkey: 'standalone' | 'cluster';
  /** `pglite` (default), `pg15` (the machine's PostgreSQL 15, initdb into dataDir) or a postgres:// URL. */
  postgres?: 'pglite' | 'pg15' | string;
  /** Where logs, PGlite files, the PG15 cluster and wrangler's local state go. */
  dataDir: string;
  /** Keep PGlite on disk in dataDir (npm start) or in memory (tests). */
  persistent?: boolean;
  /** Module exporting the origin's `handler`; the TypeScript source by default. */
  originHandler?: string;
  /** NODE_PATH of the origin's process, e.g. a Lambda layer's node_modules for a built bundle. */
  originNodePath?: string[];
  /** Skip the edge (tests that only need the origin). */
  withEdge?: boolean;
  /** Extra Worker vars (`wrangler dev --var`), e.g. lower live-stream limits for tests. */
  edgeVars?: Record<string, string>;
  /** A wrangler.toml environment for the Worker (`wrangler dev --env`): `test` has the tests' lower rate limits. */
  edgeEnv?: string;
  log?: (line: string) => void;
}

export interface Stack {
  urls: { edge: string; emulator: string; gateway: string; cloudflare: string };
  valkeyEndpoint: string;
  valkeyServer?: ValkeyServer;
  valkeyCluster?: ValkeyCluster;
  gateway: Service;
  emulator: Service;
  /** The local Cloudflare purge API (dev/cloudflare). */
  cloudflare: Service;
  /** The edge, restarted by its supervisor when it dies on its own. */
  edge?: Supervised;
  devVars: Record<string, string>;
  /** Environment the origin runs with (for in-process origin tests and tools). */
  originEnv: Record<string, string>;
  /** Stops the gateway (if it still runs) and starts it again; `gateway` then is the new process. */
  restartGateway(): Promise<void>;
  /** Stops the emulator (if it still runs) and starts it again; `emulator` then is the new process. */
  restartEmulator(): Promise<void>;
  /** Stops the edge and starts a fresh one (new workerd, empty cache); `edge` then is the new process. */
  restartEdge(): Promise<void>;
  stop(): Promise<void>;
}

const tsx = (script: string) => [process.execPath, ['--import', 'tsx', join(ROOT, script)]] as const;

/** Starts every part of the stack and returns handles to each. */
export async function startStack(o: StackOptions): Promise<Stack> {
  const log = o.log ?? (() => undefined);
  const logs = join(o.dataDir, 'logs');
  mkdirSync(logs, { recursive: true });
  const devVars = loadDevVars(ROOT);
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const s of started.reverse()) await s.stop().catch(() => undefined);
  };

  try {
    // Valkey
    let valkeyEndpoint: string;
    let valkeyServer: ValkeyServer | undefined;
    let valkeyCluster: ValkeyCluster | undefined;
    const valkeyEnv: Record<string, string> = {};
    if (o.valkey === 'cluster') {
      log(`starting a 3-shard TLS Valkey cluster on ${o.ports.clusterBase}-${o.ports.clusterBase + 5}`);
      valkeyCluster = await startValkeyCluster({ basePort: o.ports.clusterBase, tls: true });
      started.push(valkeyCluster);
      valkeyEndpoint = valkeyCluster.nodes.map((n) => `${n.host}:${n.port}`).join(',');
      Object.assign(valkeyEnv, { VALKEY_CLUSTER: 'true', VALKEY_TLS: 'true', VALKEY_CA_FILE: valkeyCluster.caFile! });
    } else {
      log(`starting valkey-server on 127.0.0.1:${o.ports.valkey}`);
      valkeyServer = await startValkeyStandalone({ port: o.ports.valkey, logFile: join(logs, 'valkey.log') });
      started.push(valkeyServer);
      valkeyEndpoint = `127.0.0.1:${o.ports.valkey}`;
      Object.assign(valkeyEnv, { VALKEY_CLUSTER: 'false', VALKEY_TLS: 'false' });
    }

    // Postgres + gateway
    const dbEnv: Record<string, string> = {};
    const pg = o.postgres ?? 'pglite';
    if (pg === 'pg15') {
      const { startPostgres15 } = await import('../postgres/index.ts');
      log(`starting PostgreSQL 15 on 127.0.0.1:${o.ports.postgres} (data in ${join(o.dataDir, 'pg15')})`);
      const server = await startPostgres15({ dataDir: join(o.dataDir, 'pg15'), port: o.ports.postgres });
      started.push(server);
      dbEnv.DATABASE_URL = server.url;
    } else if (pg !== 'pglite') {
      dbEnv.DATABASE_URL = pg;
    } else if (o.persistent) {
      dbEnv.PGLITE_DIR = join(o.dataDir, 'pglite');
    }
    const gatewayUrl = `http://127.0.0.1:${o.ports.gateway}`;
    // The gateway is the local Supabase project: player tokens carry its issuer, `<url>/auth/v1`.
    devVars.SUPABASE_URL = gatewayUrl;
    const startGateway = async () => {
      const [cmd, args] = tsx('dev/gateway/main.ts');
      return startService({
        name: 'gateway',
        command: cmd,
        args: [...args],
        env: { ...dbEnv, GATEWAY_PORT: String(o.ports.gateway), MIGRATIONS_DIR: join(ROOT, 'supabase/migrations'), SUPABASE_SERVICE_ROLE_KEY: LOCAL_SUPABASE.serviceRoleKey, SUPABASE_ANON_KEY: LOCAL_SUPABASE.anonKey },
        logFile: join(logs, 'gateway.log'),
        ready: /gateway ready/,
      });
    };
    log(`starting the Supabase gateway on ${gatewayUrl} (${dbEnv.DATABASE_URL ? 'postgres' : 'pglite'})`);
    let gateway = await startGateway();
    started.push({ stop: () => gateway.stop() });

    // Cloudflare's purge API, emulated; it clears the local Worker's cache through its dev route.
    const cloudflareUrl = `http://127.0.0.1:${o.ports.cloudflare}`;
    log(`starting the Cloudflare purge API emulator on ${cloudflareUrl}`);
    const [cfCmd, cfArgs] = tsx('dev/cloudflare/main.ts');
    const cloudflare = await startService({
      name: 'cloudflare',
      command: cfCmd,
      args: [...cfArgs],
      env: { CLOUDFLARE_EMULATOR_PORT: String(o.ports.cloudflare), CLOUDFLARE_ZONE_ID: LOCAL_CLOUDFLARE.zoneId, CLOUDFLARE_API_TOKEN: LOCAL_CLOUDFLARE.apiToken, EDGE_URL: `http://127.0.0.1:${o.ports.edge}` },
      logFile: join(logs, 'cloudflare.log'),
      ready: /cloudflare ready/,
    });
    started.push(cloudflare);

    // Origin inside the Function URL emulator
    const originEnv: Record<string, string> = {
      CLOUDFLARE_API_BASE: `${cloudflareUrl}/client/v4`,
      CLOUDFLARE_ZONE_ID: LOCAL_CLOUDFLARE.zoneId,
      CLOUDFLARE_API_TOKEN: LOCAL_CLOUDFLARE.apiToken,
      SUPABASE_URL: gatewayUrl,
      SUPABASE_SERVICE_ROLE_KEY: LOCAL_SUPABASE.serviceRoleKey,
      VALKEY_ENDPOINT: valkeyEndpoint,
      ...valkeyEnv,
      EDGE_PRINCIPAL_ARN: LOCAL_AWS.principalArn,
      AWS_REGION: LOCAL_AWS.region,
      // Sources and result webhooks on loopback (test fixtures) are allowed only here, never in production.
      SOURCE_ALLOW_LOOPBACK: 'true',
      WEBHOOK_ALLOW_LOOPBACK: 'true',
      POWERTOOLS_DEV: 'false',
    };
    const emulatorUrl = `http://127.0.0.1:${o.ports.emulator}`;
    // The function's process has the heap limits Lambda gives it for its memory size (lambda-heap.ts).
    const memoryMb = templateMemorySize(ROOT);
    const startEmulator = async () => {
      const [cmd, args] = tsx('dev/emulator/main.ts');
      return startService({
        name: 'emulator',
        command: cmd,
        args: [...lambdaHeapFlags(memoryMb), ...args],
        env: {
          ...originEnv,
          AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
          EMULATOR_PORT: String(o.ports.emulator),
          EMULATOR_ACCESS_KEY_ID: devVars.AWS_ACCESS_KEY_ID ?? '',
          EMULATOR_SECRET_ACCESS_KEY: devVars.AWS_SECRET_ACCESS_KEY ?? '',
          EMULATOR_PRINCIPAL_ARN: LOCAL_AWS.principalArn,
          EMULATOR_FUNCTION_NAME: LOCAL_AWS.functionName,
          ORIGIN_HANDLER: o.originHandler ?? join(ROOT, 'origin/handler.ts'),
          ...(o.originNodePath ? { NODE_PATH: o.originNodePath.join(delimiter) } : {}),
        },
        logFile: join(logs, 'origin.log'),
        ready: /emulator ready/,
      });
    };
    log(`starting the Lambda Function URL emulator on ${emulatorUrl}`);
    let emulator = await startEmulator();
    started.push({ stop: () => emulator.stop() });

    // Edge
    let edge: Supervised | undefined;
    let startSupervisedEdge: (() => Promise<Supervised>) | undefined;
    const edgeUrl = `http://127.0.0.1:${o.ports.edge}`;
    if (o.withEdge !== false) {
      if (!existsSync(join(ROOT, 'web/dist/index.html'))) throw new Error('web/dist is missing: run `npm run build:web` first');
      log(`starting the edge Worker (wrangler dev) on ${edgeUrl}`);
      const startEdge = () => startService({
        name: 'edge',
        command: process.execPath,
        args: [
          join(ROOT, 'node_modules/wrangler/bin/wrangler.js'), 'dev',
          '--ip', '127.0.0.1', '--port', String(o.ports.edge), '--inspector-port', String(o.ports.edge + 50),
          '--var', `ORIGIN_URL:${emulatorUrl}`,
          // Local only: enables the web app's dev-only token minting (edge/routes/dev.ts).
          '--var', 'DEV_MODE:true',
          '--var', `SUPABASE_URL:${gatewayUrl}`,
          ...Object.entries(o.edgeVars ?? {}).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
          ...(o.edgeEnv ? ['--env', o.edgeEnv] : []),
          '--persist-to', join(o.dataDir, 'wrangler'),
          // LB_EDGE_LOG_LEVEL=debug puts wrangler's proxy and inspector traffic into edge.log.
          '--show-interactive-dev-session=false', '--log-level', process.env.LB_EDGE_LOG_LEVEL ?? 'info',
        ],
        cwd: ROOT,
        env: { WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' },
        logFile: join(logs, 'edge.log'),
        ready: /Ready on http/,
        timeoutMs: 120_000,
      });
      // Supervised: if wrangler dev dies on its own, it is started again and the log says so.
      startSupervisedEdge = () => supervise({ name: 'edge (wrangler dev)', start: startEdge, log });
      edge = await startSupervisedEdge();
      started.push({ stop: () => edge?.stop() ?? Promise.resolve() });
    }

    await ensureDefaultBoard(gatewayUrl);

    return {
      urls: { edge: edgeUrl, emulator: emulatorUrl, gateway: gatewayUrl, cloudflare: cloudflareUrl },
      cloudflare,
      valkeyEndpoint,
      ...(valkeyServer ? { valkeyServer } : {}),
      ...(valkeyCluster ? { valkeyCluster } : {}),
      // Getters: a restart replaces the service, and callers must always reach the live one.
      get gateway() {
        return gateway;
      },
      get emulator() {
        return emulator;
      },
      get edge() {
        return edge;
      },
      devVars,
      originEnv,
      async restartGateway() {
        await gateway.stop();
        gateway = await startGateway();
      },
      async restartEmulator() {
        await emulator.stop();
        emulator = await startEmulator();
      },
      async restartEdge() {
        if (!startSupervisedEdge) throw new Error('this stack runs without an edge');
        await edge?.stop();
        // A fresh edge also gets a fresh Cache API store, so nothing cached carries over.
        rmSync(join(o.dataDir, 'wrangler'), { recursive: true, force: true });
        log('starting a fresh edge');
        edge = await startSupervisedEdge();
      },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/** Creates the board `global` through the record's own function when it does not exist. */
async function ensureDefaultBoard(gatewayUrl: string): Promise<void> {
  const rpc = (fn: string, body: unknown) =>
    fetch(`${gatewayUrl}/rest/v1/rpc/${fn}`, {
      method: 'POST',
      headers: { apikey: LOCAL_SUPABASE.serviceRoleKey, authorization: `Bearer ${LOCAL_SUPABASE.serviceRoleKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const existing = await (await rpc('lb_board', { p_id: 'global' })).json();
  if (existing) return;
  const res = await rpc('lb_board_upsert', { p_id: 'global', p_name: 'Global', p_sort: 'desc', p_operator: 'best', p_reset: 'never', p_writers: 'server' });
  if (!res.ok) throw new Error(`could not create the default board: ${res.status} ${await res.text()}`);
}
