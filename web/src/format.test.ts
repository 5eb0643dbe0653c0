import { describe, expect, it } from 'vitest';
import { formatCountdown, formatInteger, formatRelative, formatScore, showScore, showScoreWords, useScoreFormat } from './format.ts';

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

describe('formatScore', () => {
  const digits = (s: string) => s.replace(/[^\d.,:]/g, '');
  const dec = new Intl.NumberFormat(undefined).formatToParts(1.5).find((p) => p.type === 'decimal')!.value;
  it('shows integers as integers', () => {
    expect(formatScore(1234567)).toBe(formatInteger(1234567));
    expect(formatScore(-5, 'integer')).toBe(formatInteger(-5));
  });

  it('shows fixed:N with N implied decimals, exactly across the safe range', () => {
    expect(formatScore(12345, 'fixed:2')).toBe(`${formatInteger(123)}${dec}45`);
    expect(formatScore(5, 'fixed:3')).toBe(`0${dec}005`);
    expect(formatScore(0, 'fixed:1')).toBe(`0${dec}0`);
    expect(formatScore(-7, 'fixed:2')).toMatch(new RegExp(`^[-−]0\\${dec}07$`));
    expect(formatScore(Number.MAX_SAFE_INTEGER, 'fixed:6').replace(/\D/g, '')).toBe('9007199254740991');
    expect(formatScore(Number.MAX_SAFE_INTEGER, 'fixed:6').endsWith(`${dec}740991`)).toBe(true);
  });

  it('shows duration_ms as m:ss.mmm, with hours from an hour up', () => {
    expect(formatScore(0, 'duration_ms')).toBe('0:00.000');
    expect(formatScore(61_005, 'duration_ms')).toBe('1:01.005');
    expect(formatScore(3_599_999, 'duration_ms')).toBe('59:59.999');
    expect(digits(formatScore(3_600_000 + 2 * 60_000 + 3_004, 'duration_ms'))).toBe('1:02:03.004');
    expect(formatScore(-1500, 'duration_ms')).toMatch(/^[-−]0:01\.500$/);
  });

  it('follows the board on screen', () => {
    useScoreFormat('fixed:1');
    expect(showScore(15)).toBe(`1${dec}5`);
    expect(showScoreWords(15)).toBe(`1${dec}5`);
    useScoreFormat(undefined);
    expect(showScore(15)).toBe(formatInteger(15));
    expect(showScoreWords(15)).toBe(`${formatInteger(15)} points`);
  });
});
