import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from './emulator.ts';
import type { RunningEmulator } from './emulator.ts';
import { handler } from './fixture-handler.ts';

const credentials = { accessKeyId: 'AKIALOCALADMIN000000', secretAccessKey: 'local-admin-secret' };
const region = 'us-east-1';
const functionName = 'leaderboard-origin';

const decode = (payload: Uint8Array | undefined): unknown => JSON.parse(new TextDecoder().decode(payload));
const encode = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

describe('Lambda Invoke API', () => {
  let emu: RunningEmulator;
  let lambda: LambdaClient;
  const logs: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    // The SDK warns about Node 20 once per process; that is noise here.
    process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
    emu = await startEmulator({
      credentials,
      region,
      accountId: '000000000000',
      principalArn: 'arn:aws:iam::000000000000:user/leaderboard-admin',
      functionName,
      loadHandler: async () => handler,
      log: (line) => logs.push(line),
      port: 0,
    });
    lambda = new LambdaClient({ endpoint: emu.url, region, credentials, maxAttempts: 1 });
  });
  afterAll(async () => {
    lambda.destroy();
    await emu.stop();
  });

  it('round-trips a payload through InvokeCommand', async () => {
    const event = { 'detail-type': 'Scheduled Event', source: 'aws.events', detail: { job: 'rollover', at: '2026-11-23T00:00:00Z' } };
    const out = await lambda.send(new InvokeCommand({ FunctionName: functionName, Payload: encode(event) }));
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBeUndefined();
    expect(out.ExecutedVersion).toBe('$LATEST');
    expect(decode(out.Payload)).toEqual({ echo: event, functionName });
    expect(emu.stats().byPath[`/2015-03-31/functions/${functionName}/invocations`]).toBe(1);
  });

  it('accepts the function ARN, a $LATEST qualifier and LogType Tail', async () => {
    const arn = `arn:aws:lambda:${region}:000000000000:function:${functionName}`;
    const out = await lambda.send(new InvokeCommand({ FunctionName: arn, Qualifier: '$LATEST', LogType: 'Tail', Payload: encode({ a: 1 }) }));
    expect(decode(out.Payload)).toMatchObject({ echo: { a: 1 } });
    expect(Buffer.from(out.LogResult ?? '', 'base64').toString()).toMatch(/^START RequestId: /);
  });

  it('reports a handler error as FunctionError Unhandled with status 200', async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: functionName, Payload: encode({ throw: true }) }));
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBe('Unhandled');
    expect(decode(out.Payload)).toMatchObject({ errorType: 'TypeError', errorMessage: 'invoke boom', trace: expect.any(Array) });
  });

  it('supports Event and DryRun invocation types', async () => {
    const ev = await lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: encode({ b: 2 }) }));
    expect(ev.StatusCode).toBe(202);
    const dry = await lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'DryRun' }));
    expect(dry.StatusCode).toBe(204);
  });

  it('answers ResourceNotFoundException for another function', async () => {
    await expect(lambda.send(new InvokeCommand({ FunctionName: 'other-fn', Payload: encode({}) }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: `Function not found: arn:aws:lambda:${region}:000000000000:function:other-fn`,
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('refuses bad credentials without invoking', async () => {
    emu.resetStats();
    const bad = new LambdaClient({ endpoint: emu.url, region, credentials: { ...credentials, secretAccessKey: 'wrong' }, maxAttempts: 1 });
    try {
      await expect(bad.send(new InvokeCommand({ FunctionName: functionName, Payload: encode({}) }))).rejects.toMatchObject({
        name: 'InvalidSignatureException',
        $metadata: { httpStatusCode: 403 },
      });
    } finally {
      bad.destroy();
    }
    expect(emu.stats().invocations).toBe(0);
  });
});
