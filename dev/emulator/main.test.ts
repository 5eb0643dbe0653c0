import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { AwsClient } from 'aws4fetch';
import { describe, expect, it } from 'vitest';
import { parseVars } from '../stack/dev-vars.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Starts main.ts, serving the fixture handler, and checks it with requests signed with these credentials. */
async function runMain(credentials: { accessKeyId: string; secretAccessKey: string }, env: NodeJS.ProcessEnv): Promise<void> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('EMULATOR_')));
  // Node with tsx's loader, as the stack starts it, not the tsx CLI: the CLI relays SIGTERM and, when the child does
  // not confirm within 30 ms (a loaded machine), kills it and exits 143, which would hide the emulator's own exit.
  const child = spawn(process.execPath, ['--import', 'tsx', 'dev/emulator/main.ts'], {
    cwd: ROOT,
    env: { ...inherited, EMULATOR_PORT: '0', ORIGIN_HANDLER: 'dev/emulator/fixture-handler.ts', EMULATOR_LOG: 'off', ...env },
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
}

describe('tsx dev/emulator/main.ts', () => {
  it('prints one ready line, serves the configured handler, and exits cleanly on SIGTERM', async () => {
    const credentials = { accessKeyId: 'AKIAMAINTEST00000000', secretAccessKey: 'main-test-secret' };
    await runMain(credentials, { EMULATOR_ACCESS_KEY_ID: credentials.accessKeyId, EMULATOR_SECRET_ACCESS_KEY: credentials.secretAccessKey });
  });

  it('runs as the README writes it, with no variables: it accepts the edge credentials of .dev.vars', async () => {
    const file = ['.dev.vars', '.dev.vars.example'].map((f) => `${ROOT}/${f}`).find((f) => existsSync(f))!;
    const vars = parseVars(readFileSync(file, 'utf8'));
    await runMain({ accessKeyId: vars.AWS_ACCESS_KEY_ID!, secretAccessKey: vars.AWS_SECRET_ACCESS_KEY! }, {});
  });
});
