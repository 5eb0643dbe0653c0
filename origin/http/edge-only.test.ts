/**
 * The origin's caller check, through the Function URL emulator running the real origin handler:
 * the emulator reports each caller as Lambda does, an IAM user's ARN or a role session's
 * `sts::…:assumed-role/NAME/SESSION` ARN, and the origin accepts only EDGE_PRINCIPAL_ARN.
 */
import { AwsClient } from 'aws4fetch';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../dev/emulator/emulator.ts';
import { callerIs } from './middleware.ts';

const ACCOUNT = '111122223333';
const EDGE_ROLE = `arn:aws:iam::${ACCOUNT}:role/leaderboard-edge`;
const credentials = { accessKeyId: 'AKIAEDGEONLYTEST0000', secretAccessKey: 'edge-only-test-secret' };

// The origin reads its configuration once per process. No request here reaches Valkey or Supabase:
// a refused caller stops at the check, and an accepted one asks for a path with no route (404).
Object.assign(process.env, {
  SUPABASE_URL: 'http://127.0.0.1:9',
  SUPABASE_SERVICE_ROLE_KEY: 'unused',
  VALKEY_ENDPOINT: '127.0.0.1:9',
  EDGE_PRINCIPAL_ARN: EDGE_ROLE,
  POWERTOOLS_DEV: 'false',
});

const running: RunningEmulator[] = [];
afterAll(async () => {
  for (const e of running) await e.stop();
});

/** An emulator that reports every signed caller as `principalArn`, in front of origin/handler.ts. */
async function originCalledAs(principalArn: string): Promise<(path: string) => Promise<Response>> {
  const e = await startEmulator({
    port: 0,
    host: '127.0.0.1',
    credentials,
    region: 'us-east-1',
    accountId: /::(\d{12}):/.exec(principalArn)![1]!,
    principalArn,
    functionName: 'leaderboard-origin',
    loadHandler: async () => (await import('../handler.ts')).handler as never,
  });
  running.push(e);
  const client = new AwsClient({ ...credentials, service: 'lambda', region: 'us-east-1', retries: 0 });
  return (path) => client.fetch(`${e.url}${path}`);
}

describe('the origin accepts only EDGE_PRINCIPAL_ARN', () => {
  it("accepts a session of the edge's role (the assumed-role form Lambda reports)", async () => {
    const call = await originCalledAs(`arn:aws:sts::${ACCOUNT}:assumed-role/leaderboard-edge/worker-session-1`);
    const res = await call('/api/no-such-route');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  for (const [what, arn] of [
    ['an IAM user', `arn:aws:iam::${ACCOUNT}:user/leaderboard-edge`],
    ['a session of another role', `arn:aws:sts::${ACCOUNT}:assumed-role/leaderboard-admin/worker-session-1`],
    ["a session of a role of the same name in another account", 'arn:aws:sts::444455556666:assumed-role/leaderboard-edge/worker-session-1'],
    ['a role whose name starts with the edge role name', `arn:aws:sts::${ACCOUNT}:assumed-role/leaderboard-edge-2/s`],
  ] as const) {
    it(`refuses ${what} with a 403 envelope`, async () => {
      const call = await originCalledAs(arn);
      const res = await call('/api/boards');
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'forbidden', message: 'Only the edge may call the origin' } });
    });
  }
});

describe('callerIs', () => {
  const user = `arn:aws:iam::${ACCOUNT}:user/leaderboard-edge`;
  it('matches an IAM user exactly', () => {
    expect(callerIs(user, user)).toBe(true);
    expect(callerIs(`arn:aws:iam::${ACCOUNT}:user/leaderboard-edge2`, user)).toBe(false);
    expect(callerIs(undefined, user)).toBe(false);
    // A user is never matched by a role session of the same name.
    expect(callerIs(`arn:aws:sts::${ACCOUNT}:assumed-role/leaderboard-edge/s`, user)).toBe(false);
  });

  it('maps an assumed-role ARN to its role, with or without a path on the role', () => {
    const session = `arn:aws:sts::${ACCOUNT}:assumed-role/leaderboard-edge/any-session@example.com`;
    expect(callerIs(session, EDGE_ROLE)).toBe(true);
    expect(callerIs(session, `arn:aws:iam::${ACCOUNT}:role/service/edge/leaderboard-edge`)).toBe(true);
    expect(callerIs(`arn:aws-cn:sts::${ACCOUNT}:assumed-role/leaderboard-edge/s`, EDGE_ROLE)).toBe(false);
    expect(callerIs(`arn:aws:sts::${ACCOUNT}:assumed-role/leaderboard-edge`, EDGE_ROLE)).toBe(false);
    expect(callerIs(`arn:aws:sts::${ACCOUNT}:federated-user/leaderboard-edge`, EDGE_ROLE)).toBe(false);
  });
});
