/**
 * The admin CLI's AWS mode (--function, no endpoint): the request it builds is recorded on its way
 * to the Lambda emulator's Invoke API, which verifies the SigV4 signature as AWS does, and is
 * compared with a recorded Lambda Invoke call (admin/fixtures/invoke-call.json).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../dev/emulator/index.ts';

const REGION = 'eu-west-1';
const FUNCTION = 'leaderboard-prod-OriginFunction-AbC123';
const credentials = { accessKeyId: 'AKIAADMINCLITEST0001', secretAccessKey: 'admin-cli-test-secret' };

interface Recorded {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** The recorded call: what an Invoke request from the AWS SDK looks like on the wire. */
const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/invoke-call.json'), 'utf8')) as {
  method: string;
  path: string;
  headers: Record<string, string>;
  absentHeaders: string[];
  signedHeaders: string[];
  authorization: string;
};

const events: unknown[] = [];
const recorded: Recorded[] = [];
let emu: RunningEmulator;
let recorder: Server;
let recorderUrl: string;

/** Records each request and passes it on to the emulator unchanged. */
function startRecorder(target: string): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      recorded.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers as Record<string, string>, body: body.toString('utf8') });
      const up = request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      });
      up.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Runs the CLI in AWS mode; the SDK's own AWS_ENDPOINT_URL_LAMBDA points it at the recorder. */
function cli(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_REGION: REGION,
    AWS_ENDPOINT_URL_LAMBDA: recorderUrl,
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
  };
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'cli.ts'), ...args, '--function', FUNCTION], { env, cwd: join(import.meta.dirname, '..') });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

beforeAll(async () => {
  emu = await startEmulator({
    credentials,
    region: REGION,
    accountId: '123456789012',
    principalArn: 'arn:aws:iam::123456789012:user/leaderboard-admin',
    functionName: FUNCTION,
    loadHandler: async () => async (event: unknown) => {
      events.push(event);
      const task = (event as { task: string }).task;
      return { ok: true, task, result: task === 'sync-sources' ? { sources: [{ board: 'weekly-race', ok: true }] } : { differences: 0, periods: [] } };
    },
    log: () => undefined,
    port: 0,
  });
  recorder = await startRecorder(emu.url);
  recorderUrl = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => recorder.close(r));
  await emu.stop();
});

describe('admin CLI against AWS (--function)', () => {
  it('sends one signed Invoke call with the task and its arguments, as the recorded call', async () => {
    const run = await cli('verify', '--board', 'weekly-race', '--all-periods');
    expect(run.err).toContain(`verify → ${FUNCTION} in ${REGION}`);
    // No NodeVersionSupportWarning from the SDK, whichever Node runs it (the environment here does not opt out).
    expect(run.err).not.toContain('Warning');
    expect(run).toMatchObject({ code: 0, out: expect.stringMatching(/^0 differences/) });

    expect(recorded).toHaveLength(1);
    const call = recorded[0]!;
    expect(call.method).toBe(fixture.method);
    expect(call.path).toBe(fixture.path.replace('{function}', FUNCTION));
    for (const [name, value] of Object.entries(fixture.headers)) expect(call.headers[name], name).toBe(value);
    for (const name of fixture.absentHeaders) expect(call.headers[name], name).toBeUndefined();
    expect(call.headers['x-amz-content-sha256']).toBe(createHash('sha256').update(call.body).digest('hex'));
    expect(call.headers.authorization).toMatch(new RegExp(fixture.authorization.replace('{key}', credentials.accessKeyId).replace('{region}', REGION)));
    const signed = /SignedHeaders=([^,]+)/.exec(call.headers.authorization ?? '')?.[1]?.split(';') ?? [];
    expect(signed).toEqual(expect.arrayContaining(fixture.signedHeaders));
    // The payload is the task's event, exactly what a schedule would send.
    expect(JSON.parse(call.body)).toEqual({ task: 'verify', board: 'weekly-race', allPeriods: true });
    // The emulator verified the signature for this region and service, and ran the handler once.
    expect(events).toEqual([{ task: 'verify', board: 'weekly-race', allPeriods: true }]);
  });

  it('names the task after the command, and refuses bad flags with the task schema before any call', async () => {
    recorded.length = 0;
    events.length = 0;
    const sync = await cli('sync-sources', '--board', 'weekly-race', '--json');
    expect(sync.code).toBe(0);
    expect(JSON.parse(recorded[0]!.body)).toEqual({ task: 'sync-sources', board: 'weekly-race' });

    const bad = await cli('create-board', '--board', 'Not A Board', '--name', 'x', '--min', '1.5', '--reset', 'hourly');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--board: must match');
    expect(bad.err).toContain('--min: ');
    expect(bad.err).toContain('--reset: ');
    expect((await cli('sync-source')).code).toBe(2);
    expect(recorded).toHaveLength(1);
    expect(events).toHaveLength(1);
  });

  it('create-board takes --tiers as JSON, checked with the board schema before any call', async () => {
    recorded.length = 0;
    events.length = 0;
    const tiers = { by: 'score', tiers: [{ name: 'gold', score: 1000 }, { name: 'silver', score: 500 }] };
    const ok = await cli('create-board', '--board', 'ranked', '--name', 'Ranked', '--tiers', JSON.stringify(tiers), '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(recorded[0]!.body)).toMatchObject({ task: 'create-board', board: 'ranked', config: { name: 'Ranked', tiers } });

    // Thresholds out of order for a desc board: refused by the core schema's rule, named by the flag.
    const unordered = await cli('create-board', '--board', 'ranked', '--name', 'Ranked', '--tiers', JSON.stringify({ by: 'score', tiers: [{ name: 'a', score: 1 }, { name: 'b', score: 5 }] }));
    expect(unordered.code).toBe(2);
    expect(unordered.err).toContain('--tiers tiers: ');
    const percentOver = await cli('create-board', '--board', 'ranked', '--name', 'Ranked', '--tiers', JSON.stringify({ by: 'percentile', tiers: [{ name: 'top', top: 120 }] }));
    expect(percentOver.code).toBe(2);
    expect(percentOver.err).toContain('--tiers');
    const notJson = await cli('create-board', '--board', 'ranked', '--name', 'Ranked', '--tiers', '{by: score}');
    expect(notJson.code).toBe(2);
    expect(notJson.err).toContain('--tiers must be JSON');
    expect(recorded).toHaveLength(1);
    expect(events).toHaveLength(1);
  });
});
