/** Player ids typed by the reader: checked against the API's pattern before any request. */
import { isPlayerId } from '../../core/index.ts';

export { isPlayerId };
export const MAX_FRIENDS = 100;

/** Splits "a, b c" into distinct ids; `invalid` lists what does not match the pattern. */
export function parsePlayerIds(text: string): { ids: string[]; invalid: string[] } {
  const parts = [...new Set(text.split(/[\s,]+/).filter(Boolean))];
  return { ids: parts.filter(isPlayerId), invalid: parts.filter((p) => !isPlayerId(p)) };
}
