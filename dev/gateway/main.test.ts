import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite } from '../postgres/pglite.ts';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const MIGRATIONS = fileURLToPath(new URL('./fixtures/migrations', import.meta.url));
const KEY = 'main-test-service-key';

interface Running {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
}

const children: ChildProcess[] = [];
let dir = '';

/** Starts main.ts with a persistent PGlite dir on a free port and waits for its ready line. */
async function start(): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, GATEWAY_PORT: '0', PGLITE_DIR: dir, MIGRATIONS_DIR: MIGRATIONS, SUPABASE_SERVICE_ROLE_KEY: KEY, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^gateway ready (http:\/\/127\.0\.0\.1:\d+) \(pglite\)\n/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`main exited ${code}: ${err}`)));
  });
  return { child, url, stdout: () => out, stderr: () => err };
}

async function stop(r: Running): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => r.child.once('exit', (code) => resolve(code)));
  r.child.kill('SIGTERM');
  return exited;
}

const call = (url: string, fn: string, body: string): Promise<Response> =>
  fetch(`${url}/rest/v1/rpc/${fn}`, { method: 'POST', headers: { apikey: KEY, 'content-type': 'application/json' }, body });

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('dev/gateway/main.ts', () => {
  it('prints one ready line, serves, shuts down cleanly on SIGTERM and reopens its PGlite dir', async () => {
    dir = await mkdtemp(join(tmpdir(), 'gateway-main-'));
    const first = await start();
    const res = await call(first.url, 'submit_score', '{"p_player":"kept","p_score":9}');
    expect(res.status).toBe(200);
    await expect(openPglite({ dataDir: dir })).rejects.toThrow(/in use by process/);
    expect(await stop(first)).toBe(0);
    expect(first.stdout()).toBe(`gateway ready ${first.url} (pglite)\n`);
    expect(first.stderr()).toContain('applied migration 20240101000100_functions.sql');

    const second = await start();
    const top = await call(second.url, 'top_scores', '{}');
    expect(await top.json()).toEqual([{ player: 'kept', score: 9 }]);
    expect(second.stderr()).not.toContain('applied migration');
    expect(await stop(second)).toBe(0);
  }, 120_000);
});
