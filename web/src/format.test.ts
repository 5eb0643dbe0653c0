import { describe, expect, it } from 'vitest';
import { formatCountdown, formatInteger, formatRelative } from './format.ts';

describe('format', () => {
  it('formats every safe integer exactly', () => {
    const digits = (s: string) => s.replace(/\D/g, '');
    expect(digits(formatInteger(Number.MAX_SAFE_INTEGER))).toBe('9007199254740991');
    expect(digits(formatInteger(-Number.MAX_SAFE_INTEGER))).toBe('9007199254740991');
    expect(formatInteger(-Number.MAX_SAFE_INTEGER)).toMatch(/^[-−]/);
    expect(digits(formatInteger(9_007_199_254_740_990))).toBe('9007199254740990');
  });

  it('picks the largest unit for relative times', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
    expect(formatRelative('2026-11-23T11:59:55Z', now)).toBe(rtf.format(0, 'second'));
    expect(formatRelative('2026-11-23T11:55:00Z', now)).toBe(rtf.format(-5, 'minute'));
    expect(formatRelative('2026-11-23T09:00:00Z', now)).toBe(rtf.format(-3, 'hour'));
    expect(formatRelative('2026-11-22T12:00:00Z', now)).toBe(rtf.format(-1, 'day'));
  });

  it('counts down to a reset, and stops at zero', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    expect(formatCountdown('2026-11-23T13:02:03Z', now)).toBe('01:02:03');
    expect(formatCountdown('2026-11-30T00:00:00Z', now)).toBe('6 d 12:00:00');
    expect(formatCountdown('2026-11-23T11:00:00Z', now)).toBe('00:00:00');
  });
});
