/**
 * A child process of the local stack: started in its own process group, logged to a file, stopped for sure.
 * The child writes its output to the file itself: this process never carries a service's log lines
 * (under load a service logs a line or more per request, and the process that started the stack is
 * often a test or benchmark client on the same cores).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Service {
  name: string;
  pid: number;
  /** SIGTERM to the whole group, SIGKILL after 5 s; resolves when it has exited. */
  stop(): Promise<void>;
  /** Sends a signal to the whole group (e.g. SIGKILL for chaos tests); resolves on exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  exited: Promise<number | null>;
}

export interface ServiceOptions {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logFile: string;
  /** Resolves the start when a line of stdout or stderr matches. */
  ready: RegExp;
  timeoutMs?: number;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) if (child.pid) try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
});

/** Starts a service and waits until it prints its ready line. */
export async function startService(o: ServiceOptions): Promise<Service> {
  mkdirSync(dirname(o.logFile), { recursive: true });
  const log = openSync(o.logFile, 'a+');
  let read = fstatSync(log).size;
  const child = spawn(o.command, o.args, { cwd: o.cwd, env: { ...process.env, ...o.env }, detached: true, stdio: ['ignore', log, log] });
  running.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { running.delete(child); resolve(code); }));
  let tail = '';
  let settled = false;
  /** What the child wrote since the last look, kept as the last 2,000 characters (only while starting). */
  const look = () => {
    if (settled) return;
    const size = fstatSync(log).size;
    if (size <= read) return;
    const chunk = Buffer.alloc(size - read);
    read += readSync(log, chunk, 0, chunk.length, read);
    tail = (tail + chunk.toString()).slice(-2000);
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      clearInterval(poll);
      look();
      reject(new Error(`${o.name} did not become ready within ${(o.timeoutMs ?? 60000) / 1000}s; see ${o.logFile}\n${tail}`));
    }, o.timeoutMs ?? 60000);
    const poll = setInterval(() => {
      look();
      if (o.ready.test(tail)) {
        clearTimeout(timer);
        clearInterval(poll);
        resolve();
      }
    }, 20);
    void exited.then((code) => {
      if (settled) return;
      clearTimeout(timer);
      clearInterval(poll);
      look();
      reject(new Error(`${o.name} exited with code ${code} while starting; see ${o.logFile}\n${tail}`));
    });
  }).finally(() => {
    settled = true;
    closeSync(log);
  }).catch(async (err) => {
    if (child.pid) try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    throw err;
  });

  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try { process.kill(-child.pid!, sig); } catch { /* gone */ }
    await exited;
  };
  return {
    name: o.name,
    pid: child.pid!,
    exited,
    kill: (sig = 'SIGKILL') => signal(sig),
    async stop() {
      const t = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 5000);
      await signal('SIGTERM');
      clearTimeout(t);
    },
  };
}
