/**
 * The stack's origin is the built bundle with GLIDE from the layer, resolved as Lambda resolves it.
 * Runs only in the e2e project (test/setup/global-artifact-stack.ts); the integration suite then
 * runs against the same stack.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ADMIN, api, task } from '../helpers.ts';

const env = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run this file through the e2e project`);
  return v;
};
const root = () => env('LB_TEST_LAMBDA_ROOT');
const layer = () => env('LB_TEST_LAMBDA_LAYER');
const native = `valkey-glide-linux-${process.arch}-gnu`;

describe('the built origin artifact', () => {
  it('loads with plain CommonJS require and takes every GLIDE module from the layer', () => {
    // A fresh node, no tsx, cwd /var/task and Lambda's NODE_PATH: what the nodejs22.x runtime does.
    const script = `
      const { handler } = require(${JSON.stringify(env('LB_TEST_LAMBDA_HANDLER'))});
      const glide = Object.keys(require.cache).filter((f) => f.includes('valkey-glide'));
      process.stdout.write(JSON.stringify({ handler: typeof handler, glide }));`;
    const run = spawnSync(process.execPath, ['-e', script], {
      cwd: `${root()}/var/task`,
      env: { PATH: process.env.PATH, NODE_PATH: env('LB_TEST_LAMBDA_NODE_PATH') },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as { handler: string; glide: string[] };
    expect(out.handler).toBe('function');
    expect(out.glide.some((f) => f.endsWith(`/@valkey/${native}/valkey-glide.linux-${process.arch}-gnu.node`))).toBe(true);
    for (const f of out.glide) expect(f.startsWith(`${layer()}/`)).toBe(true);
  });

  it('serves the edge through the emulator with the native addon mapped from the layer', async () => {
    const health = await api('GET', '/api/health/deep', { token: ADMIN() });
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ origin: 'ok', valkey: 'ok', supabase: 'ok' });
    const maps = `/proc/${env('LB_TEST_EMULATOR_PID')}/maps`;
    if (!existsSync(maps)) return; // Only Linux exposes a process's mapped files.
    const mapped = readFileSync(maps, 'utf8').split('\n').filter((l) => l.includes('valkey-glide') && l.endsWith('.node')).map((l) => l.slice(l.indexOf('/')));
    expect(mapped.length).toBeGreaterThan(0);
    for (const f of mapped) expect(f.startsWith(`${layer()}/@valkey/${native}/`)).toBe(true);
  });

  it('answers tasks through the Lambda Invoke API', async () => {
    const reply = await task('no-such-task');
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.code).toBe('invalid_request');
  });
});
