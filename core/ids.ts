/** Board and player id rules from docs/api.md "Conventions". */
export const BOARD_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const PLAYER_ID_PATTERN = /^[A-Za-z0-9_.:@-]{1,128}$/;

/** True when `id` is a well-formed board id. */
export function isBoardId(id: string): boolean {
  return BOARD_ID_PATTERN.test(id);
}

/** True when `id` is a well-formed player id. */
export function isPlayerId(id: string): boolean {
  return PLAYER_ID_PATTERN.test(id);
}
