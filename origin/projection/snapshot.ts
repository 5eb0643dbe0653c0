/**
 * Snapshots of a board period's standings, for walks of the top list that keep their contract
 * under writes (docs/paging.md).
 *
 * A snapshot is one Valkey list in the period's hash slot, so a cluster keeps it with the
 * period's other keys and one script can read both:
 *
 *   {lb:<space>:<period>}:snap:<id>   list: [0] "<id>|<total>|<version>|<takenAtMs>|<size>",
 *                                     then the top `size` entries in rank order, each the
 *                                     entry hash's value "<seq>|<rank key>|<metadata>" as it
 *                                     was when the snapshot was taken
 *   {lb:<space>:<period>}:snapcur     "<id>|<version>|<confirmedAtMs>|<gen>": the newest
 *                                     snapshot, and when it was last found current (taken, or
 *                                     the period's version, meta `ver`, still equal to its own);
 *                                     walks share it while it is current, or within the sharing
 *                                     window after it was last found current
 *
 * Each entry is stored whole (rank key and metadata), so a page of the snapshot never reads the
 * live hash: ranks, scores, times and metadata are all those of the snapshot. The rank is the
 * position in the list. Both keys expire after the snapshot TTL, counted from the last walk
 * that started on the snapshot.
 */
import { randomUUID } from 'node:crypto';
import { Script, type GlideReturnType } from '@valkey/valkey-glide';
import { SCORE_PREFIX_LENGTH, type RankMode, type Sort } from '../../core/index.ts';
import type { ValkeyClient } from '../clients/valkey.ts';
import type { RankedRecordEntry } from '../record/types.ts';
import { periodKeys, PLAYER_AT } from './keys.ts';
import { fromProjectionValue } from './values.ts';
import { versionedRead } from './scripts.ts';

/** The keys of a period's snapshots; `id` names one snapshot. */
export function snapshotKeys(space: string, period: string, id: string): { current: string; snapshot: string } {
  const tag = periodKeys(space, period).meta.slice(0, -':meta'.length);
  return { current: `${tag}:snapcur`, snapshot: `${tag}:snap:${id}` };
}

// Shared Lua: a page of a snapshot list (its header, its remaining lifetime, the entries).
const SNAPSHOT_PAGE_LUA = `
local function snapshot_page(key, offset, limit)
  local head = redis.call('LINDEX', key, 0)
  if not head then return false end
  local out = {'snapshot', head, redis.call('PTTL', key)}
  for _, v in ipairs(redis.call('LRANGE', key, offset + 1, offset + limit)) do out[#out + 1] = v end
  return out
end`;

/**
 * The first page of a walk. KEYS: z, e, meta, snapcur, the new snapshot's key.
 * ARGV: limit, K, ttlMs, shareMs, minVersion, new id.
 * Returns nil when the projection is not ready; {'live', total, values...} when one page holds
 * the whole board (nothing to pin); otherwise {'snapshot', header, pttlMs, values...} of the
 * shared or new snapshot. The snapshot's version is the period's version (meta `ver`) read in
 * the same script, so it certifies exactly what the snapshot holds.
 * Sharing: the newest snapshot is reused while the projection generation is unchanged and either
 * the period's version still equals the snapshot's (which confirms it again), or it was last
 * confirmed less than shareMs ago and its version is at least minVersion (a read after a write
 * asks for that write's version). So a shared snapshot lacks only writes acknowledged within shareMs.
 */
export const SNAPSHOT_FIRST = versionedRead(SNAPSHOT_PAGE_LUA, `local limit = tonumber(ARGV[1])
local total = redis.call('ZCARD', KEYS[1])
local function values(members)
  local out = {}
  for i = 1, #members, 500 do
    local ids = {}
    for j = i, math.min(i + 499, #members) do ids[#ids + 1] = string.sub(members[j], ${PLAYER_AT}) end
    local vals = redis.call('HMGET', KEYS[2], unpack(ids))
    for j = 1, #vals do out[#out + 1] = vals[j] or ('0|' .. members[i + j - 1] .. '|') end
  end
  return out
end
if total <= limit then
  local out = {'live', total}
  for _, v in ipairs(values(redis.call('ZRANGE', KEYS[1], 0, limit - 1))) do out[#out + 1] = v end
  return out
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local gen = redis.call('HGET', KEYS[3], 'gen') or '0'
local ttl = tonumber(ARGV[3])
local ver = redis.call('HGET', KEYS[3], 'ver') or '0'
local cur = redis.call('GET', KEYS[4])
if cur then
  local f = {}
  for part in string.gmatch(cur, '[^|]+') do f[#f + 1] = part end
  local sid, sver, confirmed, cgen = f[1], f[2], tonumber(f[3]), f[4]
  local same = sver == ver
  local recent = now - confirmed < tonumber(ARGV[4]) and tonumber(sver) >= tonumber(ARGV[5])
  if cgen == gen and (same or recent) then
    local key = string.sub(KEYS[5], 1, #KEYS[5] - #ARGV[6]) .. sid
    if redis.call('PEXPIRE', key, ttl) == 1 then
      if same then
        redis.call('SET', KEYS[4], sid .. '|' .. sver .. '|' .. now .. '|' .. gen, 'PX', ttl)
      else
        redis.call('PEXPIRE', KEYS[4], ttl)
      end
      return snapshot_page(key, 0, limit)
    end
  end
end
local members = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1)
local vals = values(members)
redis.call('DEL', KEYS[5])
redis.call('RPUSH', KEYS[5], ARGV[6] .. '|' .. total .. '|' .. ver .. '|' .. now .. '|' .. #vals)
for i = 1, #vals, 500 do redis.call('RPUSH', KEYS[5], unpack(vals, i, math.min(i + 499, #vals))) end
redis.call('PEXPIRE', KEYS[5], ttl)
redis.call('SET', KEYS[4], ARGV[6] .. '|' .. ver .. '|' .. now .. '|' .. gen, 'PX', ttl)
return snapshot_page(KEYS[5], 0, limit)`);

/**
 * A later page of a walk. KEYS: the snapshot. ARGV: offset, limit, rank mode. Returns nil when it
 * has expired, else {'snapshot', header, pttlMs, shown, values...}: `shown` is the number the
 * board's rank mode gives the page's first entry (docs/boards.md), counted on the snapshot's own
 * entries, which are the standings from rank 1: competition = 1 + the position of the first
 * entry with that score (a binary search, O(log K) LINDEX); dense = the number of distinct scores
 * down to it (a scan of the snapshot up to the page, O(offset), at most K). Ordinal: offset + 1.
 */
export const SNAPSHOT_NEXT = new Script(`${SNAPSHOT_PAGE_LUA}
local function prefix_of(v)
  local bar = string.find(v, '|', 1, true)
  return string.sub(v, bar + 1, bar + ${SCORE_PREFIX_LENGTH})
end
local function shown(key, offset, mode)
  if offset == 0 or (mode ~= 'competition' and mode ~= 'dense') then return offset + 1 end
  local v = redis.call('LINDEX', key, offset + 1)
  if not v then return offset + 1 end
  local p = prefix_of(v)
  if mode == 'competition' then
    local lo, hi = 0, offset
    while lo < hi do
      local mid = math.floor((lo + hi) / 2)
      if prefix_of(redis.call('LINDEX', key, mid + 1)) == p then hi = mid else lo = mid + 1 end
    end
    return lo + 1
  end
  local n, prev = 1, nil
  for i = 1, offset + 1, 1000 do
    for _, x in ipairs(redis.call('LRANGE', key, i, math.min(i + 999, offset + 1))) do
      local q = prefix_of(x)
      if prev and q ~= prev then n = n + 1 end
      prev = q
    end
  end
  return n
end
local offset = tonumber(ARGV[1])
local page = snapshot_page(KEYS[1], offset, tonumber(ARGV[2]))
if not page then return false end
table.insert(page, 4, shown(KEYS[1], offset, ARGV[3]))
return page`);

/** What a snapshot says about itself. */
export interface SnapshotHeader {
  id: string;
  /** Entries of the period when the snapshot was taken. */
  total: number;
  version: string;
  takenAtMs: number;
  /** Entries held: min(total, K). */
  size: number;
}

/** A page read from a snapshot, with the snapshot's remaining lifetime. */
export interface SnapshotPage {
  kind: 'snapshot';
  snapshot: SnapshotHeader;
  ttlMs: number;
  /** Ranked as in the snapshot: the first entry has rank offset + 1. */
  entries: RankedRecordEntry[];
  /** The number the board's rank mode shows for the first entry, counted in the snapshot (offset + 1 when ordinal). */
  firstShown: number;
}

/** A first page that held the whole board, so no snapshot was needed. */
export interface WholeBoardPage {
  kind: 'live';
  total: number;
  entries: RankedRecordEntry[];
}

function parseHeader(head: string): SnapshotHeader {
  const [id, total, version, takenAtMs, size] = head.split('|') as [string, string, string, string, string];
  return { id, total: Number(total), version, takenAtMs: Number(takenAtMs), size: Number(size) };
}

function snapshotPage(sort: Sort, reply: (string | number)[], offset: number, firstShown: number): SnapshotPage {
  return {
    kind: 'snapshot',
    firstShown,
    snapshot: parseHeader(String(reply[1])),
    ttlMs: Number(reply[2]),
    entries: reply.slice(3).map((v, i) => ({ ...fromProjectionValue(sort, String(v)), rank: offset + i + 1 })),
  };
}

/** 16 hex digits, 62 of their bits random: the tail of a v4 UUID (node:crypto keeps a pool for them, so no entropy call per id). */
const newSnapshotId = () => randomUUID().replace(/-/g, '').slice(-16);

/** Snapshot reads over a GLIDE client (standalone or cluster). */
export function snapshotReads(client: ValkeyClient) {
  return {
    /**
     * The first page of a walk, from a snapshot shared with walks that started at the same
     * version and projection generation, or within `shareMs` at a version of at least
     * `minVersion`, or from a new one. Null when the projection is not ready.
     */
    async firstPage(
      space: string,
      period: string,
      sort: Sort,
      limit: number,
      o: { topK: number; ttlMs: number; shareMs: number; minVersion: number },
      seen: (version: number) => void,
    ): Promise<SnapshotPage | WholeBoardPage | null> {
      const id = newSnapshotId();
      const k = periodKeys(space, period);
      const s = snapshotKeys(space, period, id);
      const keys = [k.z, k.e, k.meta, s.current, s.snapshot];
      const args = [String(limit), String(o.topK), String(o.ttlMs), String(o.shareMs), String(o.minVersion), id];
      const reply = (await client.invokeScript(SNAPSHOT_FIRST, { keys, args })) as GlideReturnType;
      if (reply === null) return null;
      const [version, data] = reply as [string, (string | number)[]];
      seen(Number(version));
      const arr = data;
      if (arr[0] === 'live') {
        return { kind: 'live', total: Number(arr[1]), entries: arr.slice(2).map((v, i) => ({ ...fromProjectionValue(sort, String(v)), rank: i + 1 })) };
      }
      // The first page starts at rank 1, which every rank mode numbers 1.
      return snapshotPage(sort, arr, 0, 1);
    },

    /**
     * `limit` entries of snapshot `id` after `offset`, with the number `mode` shows for the first
     * of them (counted in the snapshot); null when the snapshot expired or never existed.
     */
    async nextPage(space: string, period: string, sort: Sort, id: string, offset: number, limit: number, mode: RankMode = 'ordinal'): Promise<SnapshotPage | null> {
      const reply = await client.invokeScript(SNAPSHOT_NEXT, { keys: [snapshotKeys(space, period, id).snapshot], args: [String(offset), String(limit), mode] });
      if (reply === null) return null;
      const arr = [...(reply as (string | number)[])];
      const [shown] = arr.splice(3, 1);
      return snapshotPage(sort, arr, offset, Number(shown));
    },
  };
}

export type SnapshotReads = ReturnType<typeof snapshotReads>;
