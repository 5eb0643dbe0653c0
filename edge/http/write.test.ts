import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { app } from '../app.ts';
import type { EdgeBindings } from '../env.ts';

/** The rate-limiting binding as the local runtime emulates it: a count per key, refused past the limit. */
class FakeLimiter {
  counts = new Map<string, number>();
  constructor(readonly max: number) {}
  async limit({ key }: { key: string }) {
    const n = this.counts.get(key) ?? 0;
    if (n >= this.max) return { success: false };
    this.counts.set(key, n + 1);
    return { success: true };
  }
}

const SECRET = 'unit-test-jwt-secret-0123456789abcdef';
const SUPABASE_URL = 'https://project.supabase.co';
const env = {
  ORIGIN_URL: 'http://127.0.0.1:1',
  ORIGIN_TIMEOUT_MS: '200',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'a',
  AWS_SECRET_ACCESS_KEY: 'b',
  ADMIN_API_KEY: 'admin',
  SERVER_API_KEYS: 'server',
  SUPABASE_JWT_SECRET: SECRET,
  SUPABASE_URL,
  WRITE_LIMITER: new FakeLimiter(4),
} as unknown as EdgeBindings;

const token = (sub: string) =>
  new SignJWT({ role: 'authenticated' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setAudience('authenticated')
    .setIssuer(`${SUPABASE_URL}/auth/v1`)
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(SECRET));

/** One player write from a client IP; the origin is unreachable, so an admitted write answers 503. */
async function submit(player: string, ip: string): Promise<number> {
  return (await write(player, ip)).status;
}

async function write(player: string, ip: string): Promise<Response> {
  return app.request(
    `http://127.0.0.1:8787/api/boards/rl-${player}/scores`,
    { method: 'POST', headers: { authorization: `Bearer ${await token(player)}`, 'content-type': 'application/json', 'cf-connecting-ip': ip }, body: JSON.stringify({ playerId: player, score: 1 }) },
    env,
  );
}

describe('write rate limits', () => {
  it('limit a player across client IPs, apart from the limit of each IP', async () => {
    // Four writes of one player from two IPs: each IP stays at two, under its limit of four.
    const spread = [];
    for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.1', '198.51.100.2']) spread.push(await submit('spread', ip));
    expect(spread.every((s) => s !== 429)).toBe(true);
    // The fifth is over the player's own limit, from an IP that has used only two of its four.
    expect(await submit('spread', '198.51.100.1')).toBe(429);
    // Another player on that IP is not limited by the first player's count.
    expect(await submit('other', '198.51.100.3')).not.toBe(429);
  });

  it('limit a client IP across players', async () => {
    const ip = '203.0.113.9';
    const statuses = [];
    for (const player of ['ip-a', 'ip-b', 'ip-c', 'ip-d']) statuses.push(await submit(player, ip));
    expect(statuses.every((s) => s !== 429)).toBe(true);
    // A fifth player, with no writes of their own, is refused: the IP has used its four.
    expect(await submit('ip-e', ip)).toBe(429);
  });

  it('answer 429 rate_limited with Retry-After of the binding period', async () => {
    for (let i = 0; i < 4; i++) await submit('retry', `198.51.100.${10 + i}`);
    const res = await write('retry', '198.51.100.20');
    expect([res.status, res.headers.get('retry-after'), ((await res.json()) as { error: { code: string } }).error.code]).toEqual([429, '60', 'rate_limited']);
  });
});
