/**
 * Opaque paging cursors of GET /api/boards/{board}/entries (docs/paging.md).
 *
 * A cursor is base64url text. Inside it is one of:
 *   s1.<snapshot id>.<period>.<offset>   a position in a pinned snapshot of the standings:
 *                                        16 hex digits, the period key, entries already returned
 *   k1.<period>.<rank key>               a live keyset position: resume after this rank key
 *   <rank key>                           the older keyset cursor, still read as a live position
 *                                        in the period the request names
 *
 * Nothing here proves a cursor was issued by the origin (it carries no secret): a forged one can
 * only name a position in public data. `parseCursor` is the validator the edge may call to
 * refuse a malformed cursor before it goes to the origin.
 */
import { decodeRankKey, RANK_KEY_PREFIX_LENGTH } from './rank-key.ts';
import { isScheduleKey } from './schedules.ts';

/** The snapshot a walk is pinned to: 16 lowercase hex digits. */
export const SNAPSHOT_ID_PATTERN = /^[0-9a-f]{16}$/;
/** Period keys of every reset (`all`, `2026-11-30`, `2026-W48`, `2026-11`). */
const PERIOD_PATTERN = /^(all|\d{4}-\d{2}(-\d{2})?|\d{4}-W\d{2})$/;
/** Largest offset a snapshot cursor may carry (far above any snapshot size). */
const MAX_OFFSET = 1_000_000_000;
const MAX_CURSOR_LENGTH = 400;

export type PageCursor =
  /** Resume a walk pinned to snapshot `snapshotId` of `period`, after `offset` entries. */
  | { kind: 'snapshot'; snapshotId: string; period: string; offset: number }
  /** Resume a live walk after `rankKey`; `period` is null for cursors of the older format. */
  | { kind: 'live'; period: string | null; rankKey: string };

const toBase64Url = (text: string) => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** Makes the opaque cursor for a position. */
export function encodeCursor(c: PageCursor): string {
  if (c.kind === 'snapshot') return toBase64Url(`s1.${c.snapshotId}.${c.period}.${c.offset}`);
  return toBase64Url(c.period === null ? c.rankKey : `k1.${c.period}.${c.rankKey}`);
}

/** A live rank key is well formed when it decodes (its score in range) on either sort. */
const RANK_KEY = new RegExp(`^[0-9a-f]{${RANK_KEY_PREFIX_LENGTH}}[A-Za-z0-9_.:@-]{1,128}$`);
const isRankKey = (key: string) => decodeRankKey('asc', key) !== null && RANK_KEY.test(key);

/**
 * Reads and validates a cursor; null when it is not one `encodeCursor` could have made.
 * Pure and cheap, so the edge can refuse a malformed cursor (400) without asking the origin.
 */
export function parseCursor(cursor: string): PageCursor | null {
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  let text: string;
  try {
    text = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
  if (text.startsWith('s1.')) {
    const parts = text.split('.');
    if (parts.length !== 4) return null;
    const [, snapshotId, period, offsetText] = parts as [string, string, string, string];
    if (!SNAPSHOT_ID_PATTERN.test(snapshotId) || !PERIOD_PATTERN.test(period) || !/^(0|[1-9]\d{0,9})$/.test(offsetText)) return null;
    const offset = Number(offsetText);
    return offset <= MAX_OFFSET ? { kind: 'snapshot', snapshotId, period, offset } : null;
  }
  if (text.startsWith('k1.')) {
    const dot = text.indexOf('.', 3);
    const period = text.slice(3, dot);
    const rankKey = text.slice(dot + 1);
    return dot > 3 && PERIOD_PATTERN.test(period) && isRankKey(rankKey) ? { kind: 'live', period, rankKey } : null;
  }
  return isRankKey(text) ? { kind: 'live', period: null, rankKey: text } : null;
}

/** True when `cursor` is well formed (what the edge checks before forwarding a read). */
export const isValidCursor = (cursor: string): boolean => parseCursor(cursor) !== null;

/**
 * Cursors of GET /api/boards/{board}/periods: the base64url of the last period key returned
 * (keyset paging on the key, newest first; docs/boards.md "Archives").
 */
export const encodePeriodsCursor = (period: string): string => toBase64Url(period);

/** The period key inside a periods cursor; null when it is not one `encodePeriodsCursor` could have made. */
export function parsePeriodsCursor(cursor: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return null;
  try {
    const period = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    return PERIOD_PATTERN.test(period) ? period : null;
  } catch {
    return null;
  }
}

/**
 * Cursors of GET /api/boards/{board}/players/{playerId}/history: the base64url of
 * `h1.<period>.<seq>`, the period walked and the log sequence number of the last point returned
 * (keyset paging on seq, newest first; docs/history.md).
 */
export const encodeHistoryCursor = (period: string, seq: number): string => toBase64Url(`h1.${period}.${seq}`);

/** The period and sequence number inside a history cursor; null when it is not one `encodeHistoryCursor` could have made. */
export function parseHistoryCursor(cursor: string): { period: string; seq: number } | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return null;
  let text: string;
  try {
    text = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
  const m = /^h1\.([^.]+)\.([1-9]\d{0,14})$/.exec(text);
  return m && (PERIOD_PATTERN.test(m[1]!) || isScheduleKey(m[1]!)) ? { period: m[1]!, seq: Number(m[2]) } : null;
}
