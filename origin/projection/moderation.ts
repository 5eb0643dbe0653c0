/**
 * Moderation in the projection (docs/moderation.md). A hidden player (hide or shadow) has no
 * member in a period's `:z`, `:e`, `:d` or `:n`, so every public read, rank and count leaves
 * them out exactly as if they had no entry; the period's set `:x` (keys.ts) names them, and
 * APPLY leaves them out, so a write mirrored after the action does not bring them back.
 *
 * Each script also bumps the period's generation (meta `gen`): a rebuild that read the record
 * before the action does not finish (FINISH_REBUILD), and a first page no longer shares a
 * snapshot taken before it. Meta `mod` is the Valkey time of the last change in ms: a later page
 * of a snapshot taken before it is refused as expired (410), since its ranks count the change's
 * player (origin/leaderboard/queries.ts).
 */
import { Script } from '@valkey/valkey-glide';
import { SCORE_PREFIX_LENGTH } from '../../core/index.ts';
import type { ValkeyClient } from '../clients/valkey.ts';
import { periodKeys } from './keys.ts';

const STAMP = `
local t = redis.call('TIME')
redis.call('HSET', KEYS[3], 'mod', string.format('%d', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)))
redis.call('HINCRBY', KEYS[3], 'gen', 1)
redis.call('HINCRBY', KEYS[3], 'ver', 1)`;

/** Hides a player: into `:x`, and out of `:z`, `:e`, `:d`, `:n`. KEYS: z, e, meta, d, n, x. ARGV: player. */
export const HIDE = new Script(`
redis.call('SADD', KEYS[6], ARGV[1])
local v = redis.call('HGET', KEYS[2], ARGV[1])
if v then
  local a = string.find(v, '|', 1, true)
  local b = string.find(v, '|', a + 1, true)
  local member = string.sub(v, a + 1, b - 1)
  redis.call('ZREM', KEYS[1], member)
  local p = string.sub(member, 1, ${SCORE_PREFIX_LENGTH})
  if redis.call('HINCRBY', KEYS[5], p, -1) <= 0 then redis.call('HDEL', KEYS[5], p); redis.call('ZREM', KEYS[4], p) end
  redis.call('HDEL', KEYS[2], ARGV[1])
end
${STAMP}
return 1`);

/**
 * Shows a player again: out of `:x`, and the period is marked stale, so the next read rebuilds it
 * from the record with the player's entry as it stands. KEYS: z, e, meta, d, n, x. ARGV: player.
 */
export const SHOW = new Script(`
redis.call('SREM', KEYS[6], ARGV[1])
redis.call('HSET', KEYS[3], 'ready', '0')
${STAMP}
return 1`);

/** During a rebuild, replaces `:x` with the record's list, unless the generation moved. ARGV: generation, players... */
export const SET_HIDDEN = new Script(`
if redis.call('HGET', KEYS[3], 'gen') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[6])
for i = 2, #ARGV, 500 do redis.call('SADD', KEYS[6], unpack(ARGV, i, math.min(i + 499, #ARGV))) end
return 1`);

/** Moderation operations on a board period's projection. */
export function moderationOps(client: ValkeyClient) {
  const run = (script: Script, space: string, period: string, args: string[]) => {
    const k = periodKeys(space, period);
    return client.invokeScript(script, { keys: [k.z, k.e, k.meta, k.d, k.n, k.x], args });
  };
  return {
    hide: async (space: string, period: string, player: string) => void (await run(HIDE, space, period, [player])),
    show: async (space: string, period: string, player: string) => void (await run(SHOW, space, period, [player])),
    /** Returns false when the generation moved (the rebuild will not finish anyway). */
    setHidden: async (space: string, period: string, generation: string, players: string[]) => Number(await run(SET_HIDDEN, space, period, [generation, ...players])) === 1,
    /** The Valkey time (ms) of the period's last moderation change, 0 when none. */
    changedAt: async (space: string, period: string) => Number((await client.hget(periodKeys(space, period).meta, 'mod')) ?? 0),
  };
}
