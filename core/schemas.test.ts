import { describe, expect, it } from 'vitest';
import { issuesToDetails, scoreSchema, submitScoreSchema } from './schemas.ts';

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

  it('refuses metadata nested deeper than JSON.stringify can go, instead of throwing (regression: a 500 found by the fuzzer)', () => {
    for (const [open, close] of [['[', ']'], ['{"a":', '}']] as const) {
      const deep = JSON.parse(`{"x":${open.repeat(20_000)}1${close.repeat(20_000)}}`) as unknown;
      const out = submitScoreSchema.safeParse({ playerId: 'a', score: 1, metadata: deep });
      expect(out.success).toBe(false);
      expect(out.error?.issues[0]?.message).toBe('must be at most 1 KiB serialized');
    }
    expect(submitScoreSchema.safeParse({ playerId: 'a', score: 'x', metadata: JSON.parse('['.repeat(20_000) + ']'.repeat(20_000)) }).success).toBe(false);
  });
});

describe('score', () => {
  const message = (score: unknown) => {
    const parsed = submitScoreSchema.safeParse({ playerId: 'a', score });
    return parsed.success ? undefined : issuesToDetails(parsed.error.issues).score;
  };

  it('says out of range beyond ±(2^53−1), and "must be an integer" for what is not an integer', () => {
    expect(scoreSchema.parse(9007199254740991)).toBe(9007199254740991);
    expect(scoreSchema.parse(-9007199254740991)).toBe(-9007199254740991);
    expect(message(9007199254740992)).toBe('is out of range (±(2^53−1))');
    expect(message(-9007199254740992)).toBe('is out of range (±(2^53−1))');
    expect(message(1e300)).toBe('is out of range (±(2^53−1))');
    expect(message(1.5)).toBe('must be an integer');
    expect(message('3000')).toBe('must be an integer');
  });
});
