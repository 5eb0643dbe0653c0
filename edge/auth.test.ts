import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { authenticate, constantTimeEqual } from './auth.ts';
import type { EdgeBindings } from './env.ts';

const env = { ADMIN_API_KEY: 'admin-key-123', SERVER_API_KEYS: 'server-a, server-b' } as EdgeBindings;

describe('constantTimeEqual', () => {
  it('is equality, for equal and unequal lengths', async () => {
    expect(await constantTimeEqual('abc', 'abc')).toBe(true);
    expect(await constantTimeEqual('abc', 'abd')).toBe(false);
    expect(await constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(await constantTimeEqual('', '')).toBe(true);
    expect(await constantTimeEqual('a'.repeat(5000), `${'a'.repeat(4999)}b`)).toBe(false);
  });
});

describe('authenticate', () => {
  it('maps the admin key and each server key, and refuses near misses', async () => {
    expect(await authenticate('Bearer admin-key-123', env)).toEqual({ kind: 'admin' });
    expect(await authenticate('Bearer server-b', env)).toEqual({ kind: 'server', keyId: '1' });
    for (const h of ['Bearer admin-key-12', 'Bearer admin-key-1234', 'Bearer server-', 'Bearer SERVER-A', undefined, 'Basic admin-key-123']) {
      await expect(authenticate(h, env), String(h)).rejects.toMatchObject({ code: 'unauthorized' });
    }
  });

  it('compares keys only through constantTimeEqual', () => {
    const source = readFileSync(new URL('./auth.ts', import.meta.url), 'utf8');
    // Every use of a configured key is an argument of constantTimeEqual ...
    expect(source).toMatch(/constantTimeEqual\(token, env\.ADMIN_API_KEY\)/);
    expect(source).toMatch(/serverKeys\.map\(\(k\) => constantTimeEqual\(token, k\)\)/);
    // ... and no key or token is compared with ===, !==, == or startsWith/includes.
    for (const line of source.split('\n')) {
      if (/ADMIN_API_KEY|SERVER_API_KEYS|serverKeys|\btoken\b/.test(line)) expect(line, line).not.toMatch(/[!=]==?\s*(token|k|env\.ADMIN_API_KEY)\b|\b(token|k)\s*[!=]==?|\.(startsWith|includes|indexOf)\(token/);
    }
  });
});
