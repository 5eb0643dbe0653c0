/** A child process of the local stack: started in its own process group, logged to a file, stopped for sure. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
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
  const log = createWriteStream(o.logFile, { flags: 'a' });
  const child = spawn(o.command, o.args, { cwd: o.cwd, env: { ...process.env, ...o.env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { running.delete(child); log.end(); resolve(code); }));
  let tail = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${o.name} did not become ready within ${(o.timeoutMs ?? 60000) / 1000}s; see ${o.logFile}\n${tail}`)), o.timeoutMs ?? 60000);
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      tail = (tail + chunk.toString()).slice(-2000);
      if (o.ready.test(tail)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${o.name} exited with code ${code} while starting; see ${o.logFile}\n${tail}`));
    });
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
