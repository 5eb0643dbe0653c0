/** Opaque paging cursors: the rank key of the last entry on the page, base64url-encoded. */
import { RANK_KEY_PREFIX_LENGTH } from './rank-key.ts';
import { PLAYER_ID_PATTERN } from './ids.ts';

/** Makes the opaque cursor that resumes after the entry with this rank key. */
export function encodeCursor(rankKey: string): string {
  return btoa(rankKey).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Reads a cursor back into a rank key; null when it was not made by encodeCursor. */
export function decodeCursor(cursor: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,300}$/.test(cursor)) return null;
  let key: string;
  try {
    key = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
  const prefixOk = /^[0-9a-f]{26}$/.test(key.slice(0, RANK_KEY_PREFIX_LENGTH));
  return prefixOk && PLAYER_ID_PATTERN.test(key.slice(RANK_KEY_PREFIX_LENGTH)) ? key : null;
}
