/** Header the edge sends the origin with the lowest board version (`seq`) an answer must reflect (a client's `minSeq`). */
export const MIN_SEQ_HEADER = 'x-lb-min-seq';

/**
 * Cache tags of stored views. Every view of a board carries its board's tag, and the board list
 * carries its own, so the origin can purge them at every location by tag (docs/edge-cache.md).
 * Tags are lowercase: Cloudflare matches them case-insensitively, and board ids are lowercase.
 */
export const BOARD_LIST_TAG = 'lb-boards';

/**
 * The tag every stored view carries besides its own: an action that changes every board at once
 * (moderation of a player on all boards) purges this one tag. Cloudflare takes at most 30 tags per
 * purge call, so purging board by board would not fit in one call, nor in one recorded purge.
 */
export const ALL_VIEWS_TAG = 'lb-all';

/** The tag of every cached view of one board. */
export const boardTag = (board: string): string => `lb-board-${board}`;

/**
 * Bounds of the edge cache's windows, in seconds: the origin asks for windows within them
 * (Cache-Control), and the edge clamps whatever it is sent to them (docs/edge-cache.md).
 */
export const MAX_FRESH_SECONDS = 3600;
export const MAX_STALE_SECONDS = 3600;
export const MAX_STALE_IF_ERROR_SECONDS = 86_400;
/** The stale-if-error window when the origin does not say otherwise. */
export const DEFAULT_STALE_IF_ERROR_SECONDS = 3600;
