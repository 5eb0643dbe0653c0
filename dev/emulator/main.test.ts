import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { AwsClient } from 'aws4fetch';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

describe('tsx dev/emulator/main.ts', () => {
  it('prints one ready line, serves the configured handler, and exits cleanly on SIGTERM', async () => {
    const credentials = { accessKeyId: 'AKIAMAINTEST00000000', secretAccessKey: 'main-test-secret' };
    const child = spawn(TSX, ['dev/emulator/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        EMULATOR_PORT: '0',
        EMULATOR_ACCESS_KEY_ID: credentials.accessKeyId,
        EMULATOR_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        ORIGIN_HANDLER: 'dev/emulator/fixture-handler.ts',
        EMULATOR_LOG: 'off',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const lines = createInterface({ input: child.stdout });
      const first = await new Promise<string>((resolve, reject) => {
        lines.once('line', resolve);
        child.once('exit', () => reject(new Error(`emulator exited early: ${stderr}`)));
      });
      const match = /^emulator ready (http:\/\/127\.0\.0\.1:\d+)$/.exec(first);
      expect(match, first).not.toBeNull();
      const url = match?.[1] ?? '';
      const client = new AwsClient({ ...credentials, service: 'lambda', region: 'us-east-1', retries: 0 });
      const res = await client.fetch(`${url}/api/boards/global/players/a%40b/around?radius=5&period=2026-W48`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ player: 'a@b' });
      expect((await fetch(`${url}/p`)).status).toBe(403);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });
});
