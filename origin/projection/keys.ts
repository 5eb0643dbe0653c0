/**
 * Valkey keys of one board period. They share one hash tag, so a cluster keeps them on one
 * slot and every script can touch all of them; a standalone server ignores the tag.
 * `space` is `<board id>.<incarnation>`, so a board deleted and created again never sees
 * the old board's keys.
 *
 *   {lb:<space>:<period>}:z     sorted set, every score 0, members are rank keys (core/rank-key.ts)
 *   {lb:<space>:<period>}:e     hash playerId -> "<seq>|<rank key>|<metadata JSON or empty>"
 *   {lb:<space>:<period>}:meta  hash: ready = 1 once built, gen = bumped whenever it goes stale
 *   {lb:<space>:<period>}:lock  rebuild lock (SET NX PX)
 *   {lb:<space>:<period>}:d     sorted set, every score 0, members are the distinct score
 *                               prefixes (first 14 hex digits of a rank key) present in :z
 *   {lb:<space>:<period>}:n     hash score prefix -> number of members of :z with it
 *   {lb:<space>:<period>}:x     stream of the period's live events, capped (scripts.ts LIVE, docs/live.md)
 *
 * :d and :n give dense ranks (1,1,2) in O(log n): ZLEXCOUNT on :d counts the distinct better
 * scores. APPLY maintains them with :z; meta `ties` = 1 says they cover the whole period
 * (set by BEGIN_REBUILD, so a period built before they existed is rebuilt on a dense read).
 */
export interface PeriodKeys {
  z: string;
  e: string;
  meta: string;
  lock: string;
  d: string;
  n: string;
  x: string;
}

/** The key space of a board: its id and incarnation. */
export function boardSpace(board: { id: string; incarnation: number }): string {
  return `${board.id}.${board.incarnation}`;
}

/** The keys of a board period's projection. */
export function periodKeys(space: string, period: string): PeriodKeys {
  const tag = `{lb:${space}:${period}}`;
  return { z: `${tag}:z`, e: `${tag}:e`, meta: `${tag}:meta`, lock: `${tag}:lock`, d: `${tag}:d`, n: `${tag}:n`, x: `${tag}:x` };
}
