/** Locale-aware formatting of scores, ranks, percentiles, relative times and countdowns. */

const integers = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const percents = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 2 });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** An integer score or count in the reader's locale; exact across the safe range. */
export const formatInteger = (n: number): string => integers.format(n);

import type { ScoreFormat } from '../../core/schemas.ts';

const decimalSeparator = new Intl.NumberFormat(undefined).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
const sign = (n: number) => (n < 0 ? integers.formatToParts(-1).find((p) => p.type === 'minusSign')?.value ?? '-' : '');

/**
 * A score as its board shows it, exactly (no floating point):
 * - integer: 1,234,567 in the reader's locale;
 * - duration_ms: milliseconds as m:ss.mmm, or h:mm:ss.mmm from an hour up;
 * - fixed:N: the integer with N implied decimals, 12345 with fixed:2 as 123.45.
 */
export function formatScore(score: number, format: ScoreFormat | string = 'integer'): string {
  const abs = Math.abs(score);
  if (format === 'duration_ms') {
    const ms = abs % 1000;
    const totalSeconds = (abs - ms) / 1000;
    const s = totalSeconds % 60;
    const m = ((totalSeconds - s) / 60) % 60;
    const hours = (totalSeconds - s - m * 60) / 3600;
    const tail = `${String(s).padStart(2, '0')}.${String(ms).padStart(3, '0')}`;
    return sign(score) + (hours > 0 ? `${formatInteger(hours)}:${String(m).padStart(2, '0')}:${tail}` : `${m}:${tail}`);
  }
  const fixed = /^fixed:([1-6])$/.exec(format);
  if (fixed) {
    const places = Number(fixed[1]);
    const digits = String(abs).padStart(places + 1, '0');
    const whole = Number(digits.slice(0, -places));
    return sign(score) + formatInteger(whole) + decimalSeparator + digits.slice(-places);
  }
  return formatInteger(score);
}

let currentFormat: ScoreFormat | string = 'integer';

/** Sets the score format of the board on screen (from its Board view). */
export function useScoreFormat(format: ScoreFormat | string | undefined): void {
  currentFormat = format ?? 'integer';
}

/** A score in the format of the board on screen. */
export const showScore = (score: number): string => formatScore(score, currentFormat);

/** A score in the format of the board on screen, as a phrase: "42 points" for plain integers. */
export const showScoreWords = (score: number): string => (currentFormat === 'integer' ? `${formatScore(score)} points` : formatScore(score, currentFormat));

/** A percentile (0..100) as the reader's locale writes percentages. */
export const formatPercentile = (p: number): string => percents.format(p / 100);

/** A date and time in the reader's locale, for tooltips. */
export const formatDateTime = (iso: string): string => absolute.format(new Date(iso));

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86400],
  ['month', 30 * 86400],
  ['week', 7 * 86400],
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** "5 minutes ago", "yesterday", "now": the largest unit that fits. */
export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  if (Math.abs(seconds) < 10) return relative.format(0, 'second');
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.trunc(seconds / size), unit);
  }
  return relative.format(seconds, 'second');
}

/** The time left until `iso`, as "2 d 03:04:05" or "03:04:05"; "00:00:00" once passed. */
export function formatCountdown(iso: string, now = Date.now()): string {
  let left = Math.max(0, Math.floor((Date.parse(iso) - now) / 1000));
  const days = Math.floor(left / 86400);
  left %= 86400;
  const clock = [Math.floor(left / 3600), Math.floor((left % 3600) / 60), left % 60].map((n) => String(n).padStart(2, '0')).join(':');
  return days > 0 ? `${days} d ${clock}` : clock;
}
