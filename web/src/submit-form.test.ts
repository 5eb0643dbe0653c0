import { describe, expect, it } from 'vitest';
import { parseScore } from './submit-form.ts';

describe('parseScore', () => {
  it('accepts scores in the safe range only, exactly', () => {
    expect(parseScore(' 9007199254740991 ')).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseScore('-9007199254740991')).toBe(-Number.MAX_SAFE_INTEGER);
    expect(parseScore('0')).toBe(0);
    for (const bad of ['9007199254740992', '-9007199254740992', '1.5', '1e3', '', '12a', '0x10', '99999999999999999']) expect(parseScore(bad)).toBeNull();
  });
});
