/**
 * Local emulator of a Lambda Function URL with AuthType AWS_IAM, plus the Lambda Invoke API, on one Hono app.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { outlastClientPools } from '../http/keep-alive.ts';
import { MAX_PAYLOAD_BYTES } from './body.ts';
import type { EmulatorShared } from './shared.ts';
import { isLoopback } from './shared.ts';
import { functionUrlHandler } from './function-url.ts';
import { invokeApiHandler } from './invoke-api.ts';
import { createRuntime } from './runtime.ts';
import type { LambdaHandler } from './runtime.ts';
import type { SigV4Credentials } from './sigv4-verify.ts';

export interface EmulatorOptions {
  credentials: SigV4Credentials;
  region: string;
  accountId: string;
  principalArn: string;
  functionName: string;
  /** Loads the handler; called once, on the first invocation (cold start). */
  loadHandler: () => Promise<LambdaHandler>;
  /** Receives one JSON-able line per request; nothing is printed when omitted. */
  log?: (line: Record<string, unknown>) => void;
  /** Per-invocation timeout; default 30 s. */
  timeoutMs?: number;
  /** Request/response payload cap; default 6 MB. */
  maxPayloadBytes?: number;
}

export interface EmulatorStats {
  invocations: number;
  byPath: Record<string, number>;
}

export interface Emulator {
  app: Hono;
  stats(): EmulatorStats;
  resetStats(): void;
}

export interface RunningEmulator {
  url: string;
  stop(): Promise<void>;
  stats(): EmulatorStats;
  resetStats(): void;
}

const INVOKE_PATH = '/2015-03-31/functions/:name/invocations';

/** Builds the emulator app: admin helpers under /__emulator, the Invoke API, and every other request as a Function URL call. */
export function createEmulator(opts: EmulatorOptions): Emulator {
  let counts: EmulatorStats = { invocations: 0, byPath: {} };
  const shared: EmulatorShared = {
    fn: { region: opts.region, accountId: opts.accountId, functionName: opts.functionName },
    credentials: opts.credentials,
    principalArn: opts.principalArn,
    runtime: createRuntime(opts.loadHandler),
    timeoutMs: opts.timeoutMs ?? 30_000,
    maxPayloadBytes: opts.maxPayloadBytes ?? MAX_PAYLOAD_BYTES,
    record(path) {
      counts.invocations += 1;
      counts.byPath[path] = (counts.byPath[path] ?? 0) + 1;
    },
    log: opts.log ?? (() => undefined),
  };
  const stats = (): EmulatorStats => ({ invocations: counts.invocations, byPath: { ...counts.byPath } });
  const resetStats = (): void => {
    counts = { invocations: 0, byPath: {} };
  };

  const app = new Hono();
  app.get('/__emulator/stats', (c) => (isLoopback(c) ? c.json(stats()) : c.json({ Message: 'Forbidden' }, 403)));
  app.post('/__emulator/reset', (c) => {
    if (!isLoopback(c)) return c.json({ Message: 'Forbidden' }, 403);
    resetStats();
    return c.json({ ok: true });
  });
  app.post(INVOKE_PATH, invokeApiHandler(shared));
  app.all('*', functionUrlHandler(shared));
  return { app, stats, resetStats };
}

/** Starts the emulator on `host:port` (port 0 picks a free one) and resolves once it is listening. */
export async function startEmulator(opts: EmulatorOptions & { port: number; host?: string }): Promise<RunningEmulator> {
  const emulator = createEmulator(opts);
  const host = opts.host ?? '127.0.0.1';
  const server = createAdaptorServer({ fetch: emulator.app.fetch });
  outlastClientPools(server as Server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    stats: emulator.stats,
    resetStats: emulator.resetStats,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
