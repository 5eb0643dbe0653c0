import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { findValkeyServer } from './find-binary.ts';

/** How a valkey-server process ended. */
export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One spawned valkey-server process. */
export interface ValkeyProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves once the process has exited (never rejects). */
  readonly exited: Promise<ExitInfo>;
  running(): boolean;
  /** The last few KB of the server's output, for error messages. */
  outputTail(): string;
}

const TAIL_BYTES = 4096;
/** Signals that do not end the process, so waiting for its exit would hang. */
const NON_TERMINATING: ReadonlySet<NodeJS.Signals> = new Set(['SIGSTOP', 'SIGCONT', 'SIGTSTP', 'SIGWINCH', 'SIGUSR1', 'SIGUSR2']);

/** Servers still running; killed if this Node process exits without stopping them, so no orphan keeps a port. */
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

function killLiveChildrenOnExit(): void {
  for (const child of liveChildren) child.kill('SIGKILL');
}

/** Spawns valkey-server with args; output goes to logFile (appended) or is dropped, never to the parent's terminal. */
export function spawnValkeyServer(args: readonly string[], logFile?: string): Promise<ValkeyProcess> {
  const child = spawn(findValkeyServer(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  let log: WriteStream | undefined;
  if (logFile) {
    log = createWriteStream(logFile, { flags: 'a' });
    log.on('error', () => undefined);
  }
  const onData = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-TAIL_BYTES);
    log?.write(chunk);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let isRunning = true;
  liveChildren.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', killLiveChildrenOnExit);
  }
  // 'exit' rather than 'close': a fork of the server (e.g. a replication sync) may hold the pipes a bit longer.
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('exit', (code, signal) => {
      isRunning = false;
      liveChildren.delete(child);
      resolve({ code, signal });
    });
  });
  child.once('close', () => log?.end());
  return new Promise((resolve, reject) => {
    child.on('error', (err) => {
      // Before 'spawn' this means the binary could not be run; later errors (failed kill) are ignored.
      reject(new Error(`Could not start valkey-server: ${err.message}`));
    });
    child.once('spawn', () => {
      resolve({ child, pid: child.pid ?? -1, exited, running: () => isRunning, outputTail: () => tail });
    });
  });
}

/** Sends a signal and, unless it is one that does not end a process (e.g. SIGSTOP), waits for the exit. */
export async function signalProcess(proc: ValkeyProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (!proc.running()) return;
  proc.child.kill(signal);
  if (NON_TERMINATING.has(signal)) return;
  await proc.exited;
}

/** SIGTERM (plus SIGCONT in case it was stopped), then SIGKILL after graceMs; resolves once exited. */
export async function terminateProcess(proc: ValkeyProcess, graceMs = 3000): Promise<void> {
  if (!proc.running()) return;
  proc.child.kill('SIGTERM');
  proc.child.kill('SIGCONT');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs);
  });
  const result = await Promise.race([proc.exited, timedOut]);
  clearTimeout(timer);
  if (result === 'timeout') {
    proc.child.kill('SIGKILL');
    await proc.exited;
  }
}

/** Resolves if nothing listens on host:port (by binding it briefly); rejects with a message naming the port. */
export function assertPortFree(port: number, host = '127.0.0.1', what = 'Valkey'): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      const needed = `Port ${port} on ${host} is needed for ${what}, but it`;
      reject(
        new Error(
          err.code === 'EADDRINUSE'
            ? `${needed} is already in use. Stop whatever listens there (see \`ss -ltnp 'sport = :${port}'\`) or choose other ports.`
            : `${needed} cannot be bound (${err.code ?? err.message}).`,
        ),
      );
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve()));
  });
}

/** Options for a single PING over RESP. */
export interface PingOptions {
  host: string;
  port: number;
  /** PEM of the CA to trust; when set the connection uses TLS. */
  caPem?: string;
  timeoutMs?: number;
}

/** Sends one RESP PING over plain TCP (or TLS with caPem); resolves true on +PONG, false on anything else. */
export function pingOnce(opts: PingOptions): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = opts.caPem
      ? tls.connect({ host: opts.host, port: opts.port, ca: opts.caPem, servername: net.isIP(opts.host) ? undefined : opts.host })
      : net.connect({ host: opts.host, port: opts.port });
    let reply = '';
    let done = false;
    const finish = (ok: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), opts.timeoutMs ?? 1000);
    socket.once(opts.caPem ? 'secureConnect' : 'connect', () => socket.write('*1\r\n$4\r\nPING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
    });
    socket.once('error', () => finish(false));
    socket.once('close', () => finish(false));
  });
}

/** Sleeps for ms milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls PING until +PONG, failing early if the process exits or after deadlineMs. */
export async function waitForPing(proc: ValkeyProcess, opts: PingOptions, deadlineMs = 10_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (!proc.running()) {
      const info = await proc.exited;
      throw new Error(
        `valkey-server on port ${opts.port} exited during start-up (code ${info.code}, signal ${info.signal}). ` +
          `Output:\n${proc.outputTail()}`,
      );
    }
    if (await pingOnce({ ...opts, timeoutMs: 500 })) return;
    if (Date.now() > deadline) {
      throw new Error(`valkey-server on port ${opts.port} did not answer PING within ${deadlineMs} ms. Output:\n${proc.outputTail()}`);
    }
    await sleep(50);
  }
}
