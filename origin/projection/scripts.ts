/**
 * Lua scripts of the projection. Each runs atomically on the slot of one board period
 * (KEYS = z, e, meta, d, n, x, and live for APPLY on a period's own scope; see keys.ts). Commands used exist since Valkey 7.2 / Redis 7.0.
 * Script objects are created once per execution environment, as GLIDE recommends.
 */
import { Script } from '@valkey/valkey-glide';
import { SCORE_PREFIX_LENGTH } from '../../core/index.ts';
import { PLAYER_AT } from './keys.ts';

// Shared Lua: parse "<seq>|<member>|<meta>" into seq (string) and member.
const PARSE = `
local function parse(v)
  local a = string.find(v, '|', 1, true)
  local b = string.find(v, '|', a + 1, true)
  return string.sub(v, 1, a - 1), string.sub(v, a + 1, b - 1)
end`;

/**
 * A read script: `body` runs only when the period is ready, and the script answers
 * {version, body's reply}, the version being the period's (meta `ver`) read in the same script as
 * the data, so the answer's X-Board-Seq certifies exactly what it holds (version.ts) without a
 * round trip of its own. nil when the period is not ready, or when `body` answers nil (TIES, when
 * the distinct-score structures do not cover the period yet). `prelude` is shared Lua the body uses.
 */
export const versionedRead = (prelude: string, body: string): Script =>
  new Script(`${prelude}
local meta = redis.call('HMGET', KEYS[3], 'ready', 'ver')
if meta[1] ~= '1' then return false end
local function read()
${body}
end
local reply = read()
if not reply then return false end
return {meta[2] or '0', reply}`);

/** Entries kept in a period's live stream (`XADD MAXLEN ~`: at least this many; docs/live.md). */
export const LIVE_STREAM_MAXLEN = 1000;

/**
 * Live stream (docs/live.md): each entry a write applied moves the version to max(ver + 1, seq)
 * on its own and is appended to KEYS[7] with that version as its stream id, the version before
 * it (p), the player (u), rank key (m), entry seq (s), ranks after and before (r, o; 0 unknown),
 * the period's entry count after it (t; 0 unknown: what a percentile tier is cut from, docs/boards.md
 * "Tiers") and the metadata's displayName (d). A reader that sees p above the last version it has knows
 * the period changed without an event (an erasure, a rebuild) and resets. pcall: the stream
 * never fails the write it describes.
 */
const LIVE = `
local function LIVE(ver, live)
  for _, e in ipairs(live) do
    local prev = ver
    ver = math.max(ver + 1, e[3])
    local name = ''
    if e[4] ~= '' then
      local ok, m = pcall(cjson.decode, e[4])
      if ok and type(m) == 'table' and type(m.displayName) == 'string' then name = m.displayName end
    end
    redis.pcall('XADD', KEYS[7], 'MAXLEN', '~', '${LIVE_STREAM_MAXLEN}', string.format('%d-1', ver),
      'p', string.format('%d', prev), 'u', e[1], 'm', e[2], 's', string.format('%d', e[3]), 'r', e[5], 'o', e[6], 't', e[7], 'd', name)
  end
  return ver
end`;

/**
 * Applies entries, each only if its sequence is newer than what is stored (the record gives the
 * writes of one entry increasing sequence numbers in commit order, so the newest state wins
 * whatever order the mirrors arrive in). When anything changed, the period's version (meta `ver`)
 * moves to max(ver + 1, highest applied seq): strictly up, so an answer read after this script
 * carries a version at least the one returned here (docs/write-path.md).
 * Every board, whatever its rank mode, also keeps the distinct-score structures `:d` and `:n`
 * (KEYS[4], KEYS[5]; keys.ts) in step with `:z`: the count of the score an entry leaves goes down
 * (and the score leaves `:d` at zero), the count of its new score goes up (and enters `:d` at one).
 * A player in the period's hidden set `:x` (KEYS[6], docs/moderation.md) is left out: {0, 0, 0}.
 * A write's mirror (wantRanks 1; a rebuild sends 0) also appends each applied entry to the
 * period's live stream (KEYS[7] when given, see LIVE), giving it its own version.
 * ARGV: wantRanks, then (player, member, seq, metadata) per entry.
 * Returns per entry {newRank, oldRank, total} when the projection is ready and wantRanks is 1, else
 * {0, 0, 0} (total: the period's entry count once that entry is applied); then the period's version
 * after the script, then the one before it (for a single write that appended its event, the event's
 * `p`: the edge's poke carries the event with it, docs/live.md).
 */
export const APPLY = new Script(`${PARSE}${LIVE}
local live = {}
local ready = redis.call('HGET', KEYS[3], 'ready') == '1' and ARGV[1] == '1'
local out = {}
local top = -1
for i = 2, #ARGV, 4 do
  local player, member, seq, meta = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  if KEYS[6] and redis.call('SISMEMBER', KEYS[6], player) == 1 then
    out[#out + 1] = 0
    out[#out + 1] = 0
    out[#out + 1] = 0
  else
    local cur = redis.call('HGET', KEYS[2], player)
    local curSeq, curMember = nil, nil
    if cur then curSeq, curMember = parse(cur) end
    local oldRank = 0
    if curMember and ready then oldRank = (redis.call('ZRANK', KEYS[1], curMember) or -1) + 1 end
    local n = tonumber(seq)
    local applied = not curSeq or n > tonumber(curSeq)
    if applied then
      if curMember then
        redis.call('ZREM', KEYS[1], curMember)
        local p = string.sub(curMember, 1, ${SCORE_PREFIX_LENGTH})
        if redis.call('HINCRBY', KEYS[5], p, -1) <= 0 then redis.call('HDEL', KEYS[5], p); redis.call('ZREM', KEYS[4], p) end
      end
      redis.call('ZADD', KEYS[1], 0, member)
      if redis.call('HINCRBY', KEYS[5], string.sub(member, 1, ${SCORE_PREFIX_LENGTH}), 1) == 1 then redis.call('ZADD', KEYS[4], 0, string.sub(member, 1, ${SCORE_PREFIX_LENGTH})) end
      redis.call('HSET', KEYS[2], player, seq .. '|' .. member .. '|' .. meta)
      curMember = member
      if n > top then top = n end
    end
    local newRank, total = 0, 0
    if ready then
      newRank = redis.call('ZRANK', KEYS[1], curMember) + 1
      total = redis.call('ZCARD', KEYS[1])
    end
    if applied and ARGV[1] == '1' and KEYS[7] then live[#live + 1] = {player, member, n, meta, newRank, oldRank, total} end
    out[#out + 1] = newRank
    out[#out + 1] = oldRank
    out[#out + 1] = total
  end
end
local ver = tonumber(redis.call('HGET', KEYS[3], 'ver') or '0')
local before = ver
if top >= 0 then
  if #live > 0 then ver = LIVE(ver, live) else ver = math.max(ver + 1, top) end
  redis.call('HSET', KEYS[3], 'ver', string.format('%d', ver))
end
out[#out + 1] = string.format('%d', ver)
out[#out + 1] = string.format('%d', before)
return out`);

/** Top page. ARGV: cursor member ('' for the first page), limit. Returns {total, firstRank, values...} or nil. */
export const TOP = versionedRead('', `local total = redis.call('ZCARD', KEYS[1])
local limit = tonumber(ARGV[2])
local members, first
if ARGV[1] == '' then
  members = redis.call('ZRANGE', KEYS[1], 0, limit - 1)
  first = 1
else
  members = redis.call('ZRANGE', KEYS[1], '(' .. ARGV[1], '+', 'BYLEX', 'LIMIT', 0, limit)
  first = redis.call('ZLEXCOUNT', KEYS[1], '-', '[' .. ARGV[1]) + 1
end
local out = {total, first}
for _, m in ipairs(members) do out[#out + 1] = redis.call('HGET', KEYS[2], string.sub(m, ${PLAYER_AT})) or '' end
return out`);

/** Around a player. ARGV: player, radius. Returns {total, firstRank, values...}, {total, 0} if absent, or nil. */
export const AROUND = versionedRead(PARSE, `local total = redis.call('ZCARD', KEYS[1])
local v = redis.call('HGET', KEYS[2], ARGV[1])
if not v then return {total, 0} end
local _, member = parse(v)
local r = redis.call('ZRANK', KEYS[1], member)
local radius = tonumber(ARGV[2])
local start = r - radius
if start < 0 then start = 0 end
local out = {total, start + 1}
for _, m in ipairs(redis.call('ZRANGE', KEYS[1], start, r + radius)) do
  out[#out + 1] = redis.call('HGET', KEYS[2], string.sub(m, ${PLAYER_AT})) or ''
end
return out`);

/** Several players (a player view, a friends list). ARGV: players. Returns {total, rank, value, ...} or nil. */
export const PLAYERS = versionedRead(PARSE, `local out = {redis.call('ZCARD', KEYS[1])}
for i = 1, #ARGV do
  local v = redis.call('HGET', KEYS[2], ARGV[i])
  if v then
    local _, member = parse(v)
    out[#out + 1] = redis.call('ZRANK', KEYS[1], member) + 1
    out[#out + 1] = v
  end
end
return out`);

/** Entry count, or nil when not ready. */
export const COUNT = versionedRead('', `return redis.call('ZCARD', KEYS[1])`);

/** Starts a rebuild: marks not ready, bumps the generation, empties the period. Returns the generation. */
export const BEGIN_REBUILD = new Script(`
redis.call('HSET', KEYS[3], 'ready', '0')
local gen = redis.call('HINCRBY', KEYS[3], 'gen', 1)
redis.call('DEL', KEYS[1], KEYS[2], KEYS[4], KEYS[5])
redis.call('HSET', KEYS[3], 'ties', '1')
return gen`);

/**
 * Display ranks of scores for the tie modes. ARGV: mode (competition or dense), then score
 * prefixes (the first 14 hex digits of rank keys). Competition: 1 + members below the prefix
 * on :z; dense: 1 + distinct prefixes below it on :d. Both O(log n). Returns nil when not
 * ready, or for dense when :d does not cover the period yet (the read then rebuilds it).
 */
export const TIES = versionedRead('', `local set = KEYS[1]
if ARGV[1] == 'dense' then
  if redis.call('HGET', KEYS[3], 'ties') ~= '1' then return false end
  set = KEYS[4]
end
local out = {}
for i = 2, #ARGV do out[#out + 1] = redis.call('ZLEXCOUNT', set, '-', '(' .. ARGV[i]) + 1 end
return out`);

/** The distinct-score structures for verify: {ties flag, ZCARD d, prefix, count, ...} or nil when not ready. */
export const SCORE_COUNTS = versionedRead('', `local out = {redis.call('HGET', KEYS[3], 'ties') or '0', redis.call('ZCARD', KEYS[4])}
local all = redis.call('HGETALL', KEYS[5])
for i = 1, #all do out[#out + 1] = all[i] end
return out`);

/** Finishes a rebuild if nothing marked the period stale meanwhile. ARGV: generation. Returns 1 if ready. */
export const FINISH_REBUILD = new Script(`
if redis.call('HGET', KEYS[3], 'gen') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[3], 'ready', '1')
return 1`);

/** Marks a period stale: the next read rebuilds it. Its content changed (an erasure), so its version moves up. */
export const MARK_STALE = new Script(`
redis.call('HSET', KEYS[3], 'ready', '0')
redis.call('HINCRBY', KEYS[3], 'gen', 1)
redis.call('HINCRBY', KEYS[3], 'ver', 1)
return 1`);

/** Releases a lock if this holder still owns it. KEYS: lock. ARGV: token. */
export const UNLOCK = new Script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`);

/**
 * The histogram's two steps (core/histogram.ts). SCORE_SPAN: {count, first member, last member},
 * or {0} when empty, or nil when not ready. RANGE_COUNTS: ARGV is pairs of ZLEXCOUNT bounds;
 * returns {count...}, or nil when not ready. O(log n) per bucket; nothing scans the entries.
 */
export const SCORE_SPAN = versionedRead('', `local n = redis.call('ZCARD', KEYS[1])
if n == 0 then return {0} end
return {n, redis.call('ZRANGE', KEYS[1], 0, 0)[1], redis.call('ZRANGE', KEYS[1], -1, -1)[1]}`);

export const RANGE_COUNTS = versionedRead('', `local out = {}
for i = 1, #ARGV, 2 do out[#out + 1] = redis.call('ZLEXCOUNT', KEYS[1], ARGV[i], ARGV[i + 1]) end
return out`);

/**
 * One tier of a period (docs/boards.md "Tiers"). ARGV: kind, a, b, cursor member ('' for the first
 * page), limit. kind 'lex': a and b are ZRANGE BYLEX bounds of the tier's score range
 * (core/histogram.ts rankKeyRange); kind 'pos': a and b are the tier's first and last positions
 * (1-based). Returns {total, tier count, position of the tier's last entry, first rank, values...}
 * or nil when not ready. O(log n + page).
 */
export const TIER_PAGE = versionedRead('', `local total = redis.call('ZCARD', KEYS[1])
local limit = tonumber(ARGV[5])
local members, count, last
if ARGV[1] == 'lex' then
  count = redis.call('ZLEXCOUNT', KEYS[1], ARGV[2], ARGV[3])
  last = redis.call('ZLEXCOUNT', KEYS[1], '-', ARGV[3])
  local start = ARGV[2]
  if ARGV[4] ~= '' then start = '(' .. ARGV[4] end
  members = redis.call('ZRANGE', KEYS[1], start, ARGV[3], 'BYLEX', 'LIMIT', 0, limit)
else
  local from = tonumber(ARGV[2])
  last = math.min(tonumber(ARGV[3]), total)
  count = math.max(0, last - from + 1)
  local start = from - 1
  if ARGV[4] ~= '' then start = math.max(start, redis.call('ZLEXCOUNT', KEYS[1], '-', '[' .. ARGV[4])) end
  local stop = math.min(start + limit, last) - 1
  members = {}
  if stop >= start then members = redis.call('ZRANGE', KEYS[1], start, stop) end
end
local first = 0
if #members > 0 then first = redis.call('ZRANK', KEYS[1], members[1]) + 1 end
local out = {total, count, last, first}
for _, m in ipairs(members) do out[#out + 1] = redis.call('HGET', KEYS[2], string.sub(m, 27)) or '' end
return out`);

/**
 * Moves the meta field `ranked` (how far the rollover copied the live stream's ranks to the
 * record, docs/history.md) up to ARGV[1], never down. KEYS: the period's meta.
 */
export const SET_RANKED = new Script(`
local cur = tonumber(redis.call('HGET', KEYS[1], 'ranked') or '0')
if tonumber(ARGV[1]) > cur then redis.call('HSET', KEYS[1], 'ranked', ARGV[1]) end
return 1`);
