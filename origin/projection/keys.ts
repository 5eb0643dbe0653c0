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
 *   {lb:<space>:<period>}:x     set of the players moderation hides from the period's public
 *                               views (docs/moderation.md): APPLY leaves them out
 *   {lb:<space>:<period>}:live  stream of the period's live events, capped (scripts.ts LIVE, docs/live.md);
 *                               a cohort's scope has none: watchers follow the board-wide period
 *
 * :d and :n give dense ranks (1,1,2) in O(log n): ZLEXCOUNT on :d counts the distinct better
 * scores. APPLY maintains them with :z; meta `ties` = 1 says they cover the whole period
 * (set by BEGIN_REBUILD, so a period built before they existed is rebuilt on a dense read).
 *
 * A cohort of a period (docs/tournaments.md) has the same six keys under the period's hash tag,
 * named by a scope `<period>#c<cohort id>` (cohortScope) where a period is expected:
 *
 *   {lb:<space>:<period>}:c<id>:z   …:e, :meta, :lock, :d, :n, :x as above, for that cohort's members
 *
 * so every script and adapter method of a period works on a cohort unchanged, and a cohort's keys
 * sit on its period's slot in a cluster. Period keys never hold '#'.
 */
import { RANK_KEY_PREFIX_LENGTH } from '../../core/index.ts';

/** Where a member's player id starts, as Lua counts (from 1): `string.sub(member, PLAYER_AT)`. */
export const PLAYER_AT = RANK_KEY_PREFIX_LENGTH + 1;

export interface PeriodKeys {
  z: string;
  e: string;
  meta: string;
  lock: string;
  d: string;
  n: string;
  x: string;
  /** The period's live stream; null for a cohort's scope. */
  live: string | null;
}

/** The key space of a board: its id and incarnation. */
export function boardSpace(board: { id: string; incarnation: number }): string {
  return `${board.id}.${board.incarnation}`;
}

/** The keys of a board period's projection. */
export function periodKeys(space: string, period: string): PeriodKeys {
  const hash = period.indexOf('#');
  const tag = hash < 0 ? `{lb:${space}:${period}}` : `{lb:${space}:${period.slice(0, hash)}}:${period.slice(hash + 1)}`;
  return { z: `${tag}:z`, e: `${tag}:e`, meta: `${tag}:meta`, lock: `${tag}:lock`, d: `${tag}:d`, n: `${tag}:n`, x: `${tag}:x`, live: hash < 0 ? `${tag}:live` : null };
}

/** The scope of one cohort of a period: what periodKeys (and so every projection method) takes for it. */
export const cohortScope = (period: string, cohort: number): string => `${period}#c${cohort}`;
