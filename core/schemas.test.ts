import { describe, expect, it } from 'vitest';
import { submitScoreSchema } from './schemas.ts';

const ok = (metadata: unknown) => submitScoreSchema.safeParse({ playerId: 'a', score: 1, metadata }).success;

describe('metadata', () => {
  it('refuses text Postgres jsonb cannot store (regression: these reached the database and came back as a 500)', () => {
    expect(ok({ s: '\ud800' })).toBe(false);
    expect(ok({ s: 'a\udc00b' })).toBe(false);
    expect(ok({ s: 'nul\u0000' })).toBe(false);
    expect(ok({ ['\u0000']: 1 })).toBe(false);
    expect(ok({ deep: [{ x: ['\ud83d'] }] })).toBe(false);
  });

  it('keeps well-formed text, emoji included, and hostile keys as data', () => {
    expect(ok({ s: '😀 ü \\u0000 literally' })).toBe(true);
    expect(ok(JSON.parse('{"__proto__":{"polluted":true},"constructor":1}'))).toBe(true);
  });
});
