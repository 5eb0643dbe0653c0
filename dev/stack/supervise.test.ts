/** The supervisor restarts a real child process that dies on its own, logs it, and leaves a stopped one stopped. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startService } from './service.ts';
import { supervise } from './supervise.ts';

const dir = mkdtempSync(join(tmpdir(), 'lb-supervise-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const start = () =>
  startService({ name: 'sleeper', command: process.execPath, args: ['-e', "console.log('up'); setInterval(() => {}, 1000)"], logFile: join(dir, 'sleeper.log'), ready: /up/ });

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('supervise', () => {
  it('starts a service again when it is killed from outside, and says so', async () => {
    const lines: string[] = [];
    const svc = await supervise({ name: 'sleeper', start, log: (l) => lines.push(l), settleMs: 0 });
    try {
      const first = svc.pid;
      process.kill(-first, 'SIGKILL');
      await until(() => svc.restarts === 1);
      expect(svc.pid).not.toBe(first);
      expect(alive(svc.pid)).toBe(true);
      expect(alive(first)).toBe(false);
      expect(lines).toEqual([expect.stringMatching(new RegExp(`sleeper \\(pid ${first}\\) exited unexpectedly.*restarting`)), expect.stringMatching(/sleeper restarted \(pid \d+, restart 1\)/)]);
    } finally {
      await svc.stop();
    }
  });

  it('does not restart what it was told to stop or kill', async () => {
    const lines: string[] = [];
    for (const end of ['stop', 'kill'] as const) {
      const svc = await supervise({ name: 'sleeper', start, log: (l) => lines.push(l) });
      const pid = svc.pid;
      await (end === 'stop' ? svc.stop() : svc.kill('SIGKILL'));
      await new Promise((r) => setTimeout(r, 500));
      expect(alive(pid)).toBe(false);
      expect(svc.restarts).toBe(0);
    }
    expect(lines).toEqual([]);
  });

  it('gives up on a service that keeps dying right after it starts', async () => {
    const lines: string[] = [];
    const svc = await supervise({ name: 'sleeper', start, log: (l) => lines.push(l), maxQuickDeaths: 1, settleMs: 60_000 });
    try {
      process.kill(-svc.pid, 'SIGKILL');
      await until(() => svc.restarts === 1);
      process.kill(-svc.pid, 'SIGKILL');
      await until(() => lines.some((l) => l.includes('not restarting it any more')));
      expect(svc.restarts).toBe(1);
    } finally {
      await svc.stop();
    }
  });
});
