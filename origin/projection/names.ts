/**
 * Display names in Valkey: one hash for every board, read with HMGET at read time, so renaming
 * a player changes no board's projection (docs/moderation.md "Display names").
 *
 *   {lb:names}:h      hash playerId -> display name
 *   {lb:names}:ready  "1" once the hash holds every profile of the record
 *   {lb:names}:lock   load lock (SET NX PX)
 *
 * A rename writes the record, then HSET. The load (after a flush, or the first time) fills the
 * hash from the record with HSETNX, so a rename that lands during the load is never overwritten
 * by the older name the load read.
 */
import { Script, TimeUnit } from '@valkey/valkey-glide';
import type { ValkeyClient } from '../clients/valkey.ts';
import { UNLOCK } from './scripts.ts';

const KEYS = { h: '{lb:names}:h', ready: '{lb:names}:ready', lock: '{lb:names}:lock' };

/** ARGV: players. Returns their names ('' for none), or nil while the hash is not loaded. */
const GET_NAMES = new Script(`
if redis.call('GET', KEYS[2]) ~= '1' then return false end
if #ARGV == 0 then return {} end
local out = redis.call('HMGET', KEYS[1], unpack(ARGV))
for i = 1, #out do if not out[i] then out[i] = '' end end
return out`);

/** ARGV: player, name, ... Sets each only where the hash has none. */
const FILL = new Script(`
for i = 1, #ARGV, 2 do redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) end
return 1`);

export function namesOps(client: ValkeyClient) {
  return {
    /** Names by player id (only those that have one); null while the hash is not loaded. */
    async get(players: string[]): Promise<Map<string, string> | null> {
      const reply = await client.invokeScript(GET_NAMES, { keys: [KEYS.h, KEYS.ready], args: players });
      if (reply === null) return null;
      const names = new Map<string, string>();
      (reply as string[]).forEach((n, i) => n && names.set(players[i]!, String(n)));
      return names;
    },
    async set(player: string, name: string): Promise<void> {
      await client.hset(KEYS.h, { [player]: name });
    },
    /** Loads the hash from `pages` under a lock; false when someone else is loading it. */
    async load(pages: AsyncIterable<[string, string][]>): Promise<boolean> {
      const token = crypto.randomUUID();
      const ok = await client.set(KEYS.lock, token, { conditionalSet: 'onlyIfDoesNotExist', expiry: { type: TimeUnit.Milliseconds, count: 120_000 } });
      if (ok !== 'OK') return false;
      try {
        for await (const page of pages) if (page.length > 0) await client.invokeScript(FILL, { keys: [KEYS.h], args: page.flat() });
        await client.set(KEYS.ready, '1');
        return true;
      } finally {
        await client.invokeScript(UNLOCK, { keys: [KEYS.lock], args: [token] });
      }
    },
  };
}
