import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { assertPortFree, signalProcess, spawnValkeyServer, terminateProcess, waitForPing } from './process.ts';
import type { ValkeyProcess } from './process.ts';

/** Options of startValkeyStandalone. */
export interface StandaloneOptions {
  port: number;
  /** Address to bind and to report; default 127.0.0.1. */
  host?: string;
  /** Append the server's stdout/stderr here; otherwise it is discarded. */
  logFile?: string;
}

/** Handle of a running standalone valkey-server without persistence. */
export interface ValkeyServer {
  readonly host: string;
  readonly port: number;
  /** Pid of the current process (changes after restart()). */
  readonly pid: number;
  /** SIGTERM, SIGKILL after 3 s; resolves once exited and the temp dir is removed. Idempotent. */
  stop(): Promise<void>;
  /** Sends a signal (default SIGKILL); resolves once exited (at once for SIGSTOP/SIGCONT). */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the server again, empty, on the same port (stopping it first if it still runs). */
  restart(): Promise<void>;
}

const START_DEADLINE_MS = 10_000;

/** Starts a throw-away valkey-server on host:port and resolves once it answers PING. */
export async function startValkeyStandalone(opts: StandaloneOptions): Promise<ValkeyServer> {
  const host = opts.host ?? '127.0.0.1';
  const { port } = opts;
  await assertPortFree(port, host, 'the standalone Valkey server');
  const dir = await mkdtemp(path.join(os.tmpdir(), `valkey-${port}-`));
  const args = [
    '--port', String(port),
    '--bind', host,
    '--save', '',
    '--appendonly', 'no',
    '--daemonize', 'no',
    '--protected-mode', 'yes',
    '--dir', dir,
  ];

  const launch = async (): Promise<ValkeyProcess> => {
    const proc = await spawnValkeyServer(args, opts.logFile);
    try {
      await waitForPing(proc, { host, port }, START_DEADLINE_MS);
    } catch (err) {
      await terminateProcess(proc, 1000);
      throw err;
    }
    return proc;
  };

  let proc: ValkeyProcess;
  try {
    proc = await launch();
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  let stopped = false;

  return {
    host,
    port,
    get pid() {
      return proc.pid;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await terminateProcess(proc);
      await rm(dir, { recursive: true, force: true });
    },
    async kill(signal = 'SIGKILL') {
      await signalProcess(proc, signal);
    },
    async restart() {
      if (stopped) throw new Error(`Valkey on port ${port} was stopped; start a new one instead of restarting it.`);
      await terminateProcess(proc);
      await assertPortFree(port, host, 'the standalone Valkey server');
      proc = await launch();
    },
  };
}
