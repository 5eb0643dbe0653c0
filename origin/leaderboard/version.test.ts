import { describe, expect, it } from 'vitest';
import { BoardVersion } from './version.ts';

describe('BoardVersion', () => {
  it('has no value until something versioned is noted', () => {
    expect(new BoardVersion().value).toBeUndefined();
  });

  it('keeps the lowest noted version, and 0 for anything without a guarantee', () => {
    const v = new BoardVersion();
    v.note(42);
    v.note(17);
    v.note(99);
    expect(v.value).toBe(17);
    v.note(null);
    expect(v.value).toBe(0);
    v.note(5);
    expect(v.value).toBe(0);
  });

  it('treats a version that is not a safe non-negative integer as no guarantee', () => {
    for (const bad of [Number.NaN, -1, 1.5, 2 ** 60]) {
      const v = new BoardVersion();
      v.note(bad);
      expect(v.value).toBe(0);
    }
  });
});
