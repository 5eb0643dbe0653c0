/**
 * Authorization, at the edge and again at the origin (signed as the edge signs, so the origin's
 * own checks are tested without the edge in front): a player writes only their own score, only
 * on boards open to players, and never reaches admin routes; bad tokens get 401.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, ADMIN, createBoard, JWT_ISSUER, JWT_SECRET, SERVER, uniqueBoard } from '../helpers.ts';
import { report, useStack } from './harness/control.ts';
import { checkBoard, Ledger } from './harness/ledger.ts';
import { originFetch } from './harness/signed.ts';

const ledger = new Ledger();
const started = Date.now();
let tried = 0;
let open: string;
let closed: string;

const token = (sub: string, o: { secret?: string; audience?: string; expiresIn?: string | number } = {}) =>
  new SignJWT({ role: 'authenticated' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(JWT_ISSUER())
    .setSubject(sub)
    .setAudience(o.audience ?? 'authenticated')
    .setIssuedAt()
    .setExpirationTime(o.expiresIn ?? '5m')
    .sign(new TextEncoder().encode(o.secret ?? JWT_SECRET()));

/** One request through the edge; counts it and records score writes. */
async function call(method: string, path: string, bearer: string | null, body?: unknown) {
  tried++;
  const res = await api(method, path, { ...(bearer ? { token: bearer } : {}), ...(body !== undefined ? { body } : {}) });
  const m = /^\/api\/boards\/([^/]+)\/scores$/.exec(path);
  if (m && method === 'POST') ledger.add({ board: m[1]!, playerId: (body as { playerId: string }).playerId, score: (body as { score: number }).score }, res.status, res.body, res.headers);
  else ledger.count(`${res.status}`);
  return res;
}

beforeAll(async () => {
  await useStack('standalone');
  open = uniqueBoard('au-open');
  closed = uniqueBoard('au-srv');
  await createBoard(open, { writers: 'players', operator: 'increment' });
  await createBoard(closed, { writers: 'server' });
});

afterAll(async () => {
  let found = 0;
  let acknowledged = 0;
  let differences = 0;
  for (const b of [open, closed]) {
    const check = await checkBoard(ledger, b);
    expect(check).toMatchObject({ found: check.acknowledged, unacknowledged: 0, differences: 0, edgeDifference: null });
    found += check.found;
    acknowledged += check.acknowledged;
    differences += check.differences;
  }
  await report({ scenario: 'auth (edge and origin)', acknowledged, found, fuzzed: tried, errors: ledger.errors(), differences, seconds: (Date.now() - started) / 1000 });
});

describe('auth through the edge', () => {
  it('a player writes only their own score, and only where players may write', async () => {
    const ann = await token('ann');
    expect((await call('POST', `/api/boards/${open}/scores`, ann, { playerId: 'ann', score: 5 })).status).toBe(200);
    const other = await call('POST', `/api/boards/${open}/scores`, ann, { playerId: 'bob', score: 5 });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('forbidden');
    const serverOnly = await call('POST', `/api/boards/${closed}/scores`, ann, { playerId: 'ann', score: 5 });
    expect(serverOnly.status).toBe(403);
    expect((await call('POST', `/api/boards/${closed}/scores`, SERVER(), { playerId: 'ann', score: 5 })).status).toBe(200);
  });

  it('a player or game server never reaches admin routes', async () => {
    const ann = await token('ann');
    const board = { name: 'x', sort: 'desc', operator: 'best', reset: 'never', writers: 'players' };
    for (const bearer of [ann, SERVER()]) {
      expect((await call('PUT', `/api/boards/${open}`, bearer, board)).status).toBe(403);
      expect((await call('PUT', `/api/boards/${uniqueBoard('au-new')}`, bearer, board)).status).toBe(403);
      expect((await call('DELETE', `/api/boards/${open}`, bearer)).status).toBe(403);
      expect((await call('DELETE', `/api/boards/${open}/players/ann`, bearer)).status).toBe(403);
    }
    expect((await call('POST', `/api/boards/${open}/scores/batch`, ann, { entries: [{ playerId: 'ann', score: 1 }] })).status).toBe(403);
    expect((await api('GET', `/api/boards/${open}`)).body.writers).toBe('players');
  });

  it('bad credentials get 401, never a hint of the right ones', async () => {
    const cases: [string, string | null][] = [
      ['no token', null],
      ['expired', await token('ann', { expiresIn: Math.floor(Date.now() / 1000) - 60 })],
      ['wrong secret', await token('ann', { secret: 'not-the-secret-but-just-as-long-as-it' })],
      ['wrong audience', await token('ann', { audience: 'anon' })],
      ['invalid subject', await token('ann bob')],
      ['alg none', 'eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJhbm4iLCJhdWQiOiJhdXRoZW50aWNhdGVkIn0.'],
      ['admin key prefix', ADMIN().slice(0, -1)],
      ['admin key + suffix', `${ADMIN()}x`],
      ['server key, other case', SERVER().toUpperCase()],
    ];
    for (const [what, bearer] of cases) {
      const r = await call('POST', `/api/boards/${open}/scores`, bearer, { playerId: 'ann', score: 1 });
      expect(r.status, what).toBe(401);
      expect(r.body.error.code).toBe('unauthorized');
    }
  });
});

describe('auth at the origin (signed requests, principal as the edge sends it)', () => {
  async function origin(method: string, path: string, principal: string | undefined, body?: unknown) {
    tried++;
    const res = await originFetch(method, path, { ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}), ...(principal ? { principal } : {}) });
    const parsed = await res.json().catch(() => null);
    const m = /^\/api\/boards\/([^/]+)\/scores$/.exec(path);
    if (m && method === 'POST') ledger.add({ board: m[1]!, playerId: (body as { playerId: string }).playerId, score: (body as { score: number }).score }, res.status, parsed, res.headers);
    else ledger.count(`${res.status}`);
    return { status: res.status, body: parsed };
  }

  it('enforces the same rules as the edge', async () => {
    expect((await origin('POST', `/api/boards/${open}/scores`, 'player:ann', { playerId: 'ann', score: 2 })).status).toBe(200);
    expect((await origin('POST', `/api/boards/${open}/scores`, 'player:ann', { playerId: 'bob', score: 2 })).status).toBe(403);
    expect((await origin('POST', `/api/boards/${closed}/scores`, 'player:ann', { playerId: 'ann', score: 2 })).status).toBe(403);
    expect((await origin('POST', `/api/boards/${open}/scores/batch`, 'player:ann', { entries: [{ playerId: 'ann', score: 1 }] })).status).toBe(403);
    expect((await origin('PUT', `/api/boards/${open}`, 'player:ann', { name: 'x', sort: 'desc', operator: 'best', reset: 'never', writers: 'players' })).status).toBe(403);
    expect((await origin('PUT', `/api/boards/${open}`, 'server:0', { name: 'x', sort: 'desc', operator: 'best', reset: 'never', writers: 'players' })).status).toBe(403);
    expect((await origin('DELETE', `/api/boards/${open}/players/ann`, 'server:0')).status).toBe(403);
    for (const p of [undefined, 'root', 'player:', 'server']) {
      const r = await origin('POST', `/api/boards/${open}/scores`, p, { playerId: 'ann', score: 2 });
      expect(r.status, String(p)).toBe(401);
    }
  });
});
