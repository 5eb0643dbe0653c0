import { describe, expect, it } from 'vitest';
import { displayNameSchema, normalizeDisplayName } from './names.ts';

describe('normalizeDisplayName', () => {
  it('applies NFKC and trims', () => {
    expect(normalizeDisplayName('  Ａｌｉｃｅ  ')).toEqual({ ok: true, name: 'Alice' });
    expect(normalizeDisplayName('ﬁnn')).toEqual({ ok: true, name: 'finn' });
    expect(normalizeDisplayName('e\u0301mile')).toEqual({ ok: true, name: 'émile' });
    expect(normalizeDisplayName('Ⅻ')).toEqual({ ok: true, name: 'XII' });
  });

  it('keeps emoji sequences and scripts other than Latin', () => {
    expect(normalizeDisplayName('👩‍🚀 Ada')).toEqual({ ok: true, name: '👩‍🚀 Ada' });
    expect(normalizeDisplayName('山田太郎')).toEqual({ ok: true, name: '山田太郎' });
  });

  it('counts code points, after normalisation, up to 32', () => {
    expect(normalizeDisplayName('😀'.repeat(32))).toMatchObject({ ok: true });
    expect(normalizeDisplayName('😀'.repeat(33))).toEqual({ ok: false, reason: 'must be at most 32 characters' });
    // One character before NFKC, three after.
    expect(normalizeDisplayName('a'.repeat(30) + '㎒')).toEqual({ ok: false, reason: 'must be at most 32 characters' });
  });

  it('refuses control characters, bidi overrides, separators, unpaired surrogates and empty names', () => {
    for (const bad of ['a\u0000b', 'tab\there', 'new\nline', 'del\u007f', 'c1\u0085', 'rtl\u202eevil', 'iso\u2066x', 'ls\u2028x']) {
      expect(normalizeDisplayName(bad), JSON.stringify(bad)).toEqual({ ok: false, reason: 'must not contain control characters' });
    }
    expect(normalizeDisplayName('x\ud800')).toEqual({ ok: false, reason: 'must not contain unpaired surrogates' });
    expect(normalizeDisplayName('   ')).toEqual({ ok: false, reason: 'must not be empty' });
  });

  it('the schema parses to the normalised name and reports the reason', () => {
    expect(displayNameSchema.parse(' ｂｏｂ ')).toBe('bob');
    const out = displayNameSchema.safeParse('a\u0007');
    expect(out.success).toBe(false);
    expect(out.error?.issues[0]?.message).toBe('must not contain control characters');
  });
});
