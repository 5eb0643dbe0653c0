/**
 * Local emulator of a Lambda Function URL with AuthType AWS_IAM, plus the Lambda Invoke API, on
 * one `node:http` server. It works on Node's request and response directly, as AWS's front end
 * is not part of the function's bill: what the emulator costs per call is kept small so that
 * what the benchmark measures behind it is the function's.
 */
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { outlastClientPools } from '../http/keep-alive.ts';
import { jsonAnswer, sendAnswer, type Answer } from './answer.ts';
import { MAX_PAYLOAD_BYTES } from './body.ts';
import type { EmulatorShared } from './shared.ts';
import { describeError, isLoopback, requestInfo } from './shared.ts';
import { functionUrlCall } from './function-url.ts';
import { invokeApiCall, invokedName } from './invoke-api.ts';
import { createRuntime } from './runtime.ts';
import type { LambdaHandler } from './runtime.ts';
import type { SigV4Credentials } from './sigv4-verify.ts';

export interface EmulatorOptions {
  credentials: SigV4Credentials;
  region: string;
  accountId: string;
  principalArn: string;
  functionName: string;
  /** The function's memory size in MB, as the handler's context reports it; default 256. */
  memoryMb?: number;
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
  /** The `node:http` request listener serving every route. */
  listener: RequestListener;
  stats(): EmulatorStats;
  resetStats(): void;
}

export interface RunningEmulator {
  url: string;
  stop(): Promise<void>;
  stats(): EmulatorStats;
  resetStats(): void;
}

/** Builds the emulator: admin helpers under /__emulator, the Invoke API, and every other request as a Function URL call. */
export function createEmulator(opts: EmulatorOptions): Emulator {
  let counts: EmulatorStats = { invocations: 0, byPath: {} };
  const shared: EmulatorShared = {
    fn: { region: opts.region, accountId: opts.accountId, functionName: opts.functionName, memoryMb: opts.memoryMb ?? 256 },
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

  const route = async (incoming: IncomingMessage): Promise<Answer> => {
    let info;
    try {
      info = requestInfo(incoming);
    } catch {
      return jsonAnswer(400, { Message: 'Bad Request' });
    }
    const { method, url } = info;
    if (url.pathname === '/__emulator/stats' && method === 'GET') {
      return isLoopback(incoming) ? jsonAnswer(200, stats()) : jsonAnswer(403, { Message: 'Forbidden' });
    }
    if (url.pathname === '/__emulator/reset' && method === 'POST') {
      if (!isLoopback(incoming)) return jsonAnswer(403, { Message: 'Forbidden' });
      resetStats();
      return jsonAnswer(200, { ok: true });
    }
    const invoked = method === 'POST' ? invokedName(url.pathname) : null;
    return invoked !== null ? invokeApiCall(incoming, info, invoked, shared) : functionUrlCall(incoming, info, shared);
  };
  const listener = (incoming: IncomingMessage, res: ServerResponse): void => {
    route(incoming).then(
      (answer) => sendAnswer(res, answer),
      (error: unknown) => {
        shared.log({ msg: 'emulator', failure: 'emulator', error: describeError(error) });
        if (!res.headersSent) sendAnswer(res, jsonAnswer(500, { Message: 'Internal Server Error' }));
        else res.destroy();
      },
    );
  };
  return { listener, stats, resetStats };
}

/** Starts the emulator on `host:port` (port 0 picks a free one) and resolves once it is listening. */
export async function startEmulator(opts: EmulatorOptions & { port: number; host?: string }): Promise<RunningEmulator> {
  const emulator = createEmulator(opts);
  const host = opts.host ?? '127.0.0.1';
  const server = createServer(emulator.listener);
  outlastClientPools(server);
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
        server.closeAllConnections();
      }),
  };
}
