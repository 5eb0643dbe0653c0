/** The Valkey projection of the record: exact ranks from sorted sets, read and written by Lua. */
import { InfBoundary, TimeUnit, type GlideReturnType } from '@valkey/valkey-glide';
import { decodeRankKey, rankKeyRange, scorePrefix, type RankMode, type ScoreRange, type Sort, type TierBounds } from '../../core/index.ts';
import type { ValkeyClient } from '../clients/valkey.ts';
import type { RankedRecordEntry, RecordEntry } from '../record/types.ts';
import { boardSpace, periodKeys } from './keys.ts';
import type { Applied, LiveRecord, PeriodProjection, Projection, RankedList } from './period.ts';
import { fromProjectionValue, toProjectionValue } from './values.ts';
import { snapshotReads } from './snapshot.ts';
import { moderationOps } from './moderation.ts';
import { namesOps } from './names.ts';
import { APPLY, AROUND, BEGIN_REBUILD, COUNT, FINISH_REBUILD, MARK_STALE, PLAYERS, RANGE_COUNTS, SCORE_COUNTS, SCORE_SPAN, SET_RANKED, TIER_PAGE, TIES, TOP, UNLOCK } from './scripts.ts';

const asArray = (r: GlideReturnType) => r as (number | string)[];

/** Told the period's version each read script read with its data. */
export type Seen = (version: number) => void;

/** The projection adapter over a GLIDE client (standalone or cluster). */
export function createProjection(client: ValkeyClient): Projection {
  const ops = projectionOps(client);
  return {
    period: (board, period) => bindPeriod(ops, boardSpace(board), period, board.sort, board.rankMode ?? 'ordinal'),
    names: ops.names,
    ping: ops.ping,
  };
}

/** Binds the operations to one board period: what `Projection.period` returns. */
function bindPeriod(ops: ProjectionOps, space: string, period: string, sort: Sort, mode: RankMode): PeriodProjection {
  let lowest: number | null = null;
  const seen: Seen = (version) => {
    lowest = lowest === null ? version : Math.min(lowest, version);
  };
  return {
    period,
    version: () => ops.version(space, period),
    readVersion: () => lowest,
    apply: (entries, wantRanks) => ops.apply(space, period, sort, entries, wantRanks),
    top: (cursorKey, limit) => ops.top(space, period, sort, cursorKey, limit, seen),
    around: (player, radius) => ops.around(space, period, sort, player, radius, seen),
    players: (players) => ops.players(space, period, sort, players, seen),
    tieRanks: async (scores) => (mode === 'ordinal' ? null : ops.tieRanks(space, period, sort, mode, scores, seen)),
    count: () => ops.count(space, period, seen),
    scoreSpan: () => ops.scoreSpan(space, period, sort, seen),
    rangeCounts: (ranges) => ops.rangeCounts(space, period, sort, ranges, seen),
    scoreCounts: () => ops.scoreCounts(space, period, seen),
    snapshots: {
      firstPage: (limit, o) => ops.snapshots.firstPage(space, period, sort, limit, o, seen),
      nextPage: (id, offset, limit) => ops.snapshots.nextPage(space, period, sort, id, offset, limit, mode),
    },
    moderation: {
      hide: (player) => ops.moderation.hide(space, period, player),
      show: (player) => ops.moderation.show(space, period, player),
      setHidden: (generation, players) => ops.moderation.setHidden(space, period, generation, players),
      changedAt: () => ops.moderation.changedAt(space, period),
    },
    markStale: () => ops.markStale(space, period),
    drop: () => ops.drop(space, period),
    expire: (seconds) => ops.expire(space, period, seconds),
    lock: (ttlMs) => ops.lock(space, period, ttlMs),
    unlock: (token) => ops.unlock(space, period, token),
    beginRebuild: () => ops.beginRebuild(space, period),
    finishRebuild: (generation) => ops.finishRebuild(space, period, generation),
    liveEvents: (after, count) => ops.liveEvents(space, period, after, count),
    ranksCopiedTo: () => ops.ranksCopiedTo(space, period),
    setRanksCopiedTo: (version) => ops.setRanksCopiedTo(space, period, version),
    tier: (bounds, cursorKey, limit) => ops.tier(space, period, sort, bounds, cursorKey, limit, seen),
  };
}

/** The adapter's operations by key space and period, each one script or command. */
function projectionOps(client: ValkeyClient) {
  const run = (script: typeof TOP, space: string, period: string, args: string[]) => {
    const k = periodKeys(space, period);
    return client.invokeScript(script, { keys: [k.z, k.e, k.meta, k.d, k.n, k.x, ...(k.live ? [k.live] : [])], args });
  };

  /**
   * Runs a read script (scripts.ts versionedRead): tells `seen` the period's version it read with
   * its data, and returns the data; null when the period is not ready.
   */
  const read = async (script: typeof TOP, space: string, period: string, args: string[], seen: Seen): Promise<GlideReturnType | null> => {
    const reply = await run(script, space, period, args);
    if (reply === null) return null;
    const [version, data] = reply as [string, GlideReturnType];
    seen(Number(version));
    return data;
  };

  /** Turns {total, firstRank, values...} into ranked entries. */
  const rankedRun = (sort: Sort, reply: (number | string)[]): RankedList => {
    const [total, first] = reply as [number, number];
    const entries = reply.slice(2).map((v, i) => ({ ...fromProjectionValue(sort, String(v)), rank: first + i }));
    return { total, entries };
  };

  return {
    /** Pinned snapshots of the top list (snapshot.ts). */
    snapshots: snapshotReads(client),

    /** Moderation's hidden players (moderation.ts). */
    moderation: moderationOps(client),

    /** Display names, read at read time (names.ts). */
    names: namesOps(client),

    /**
     * Mirrors committed entries; returns {newRank, oldRank} per entry (0 when unknown) and the
     * period's version after them: any answer read afterwards carries at least this version.
     */
    async apply(space: string, period: string, sort: Sort, entries: RecordEntry[], wantRanks = true): Promise<Applied> {
      const args = [wantRanks ? '1' : '0'];
      for (const e of entries) {
        const { member, value } = toProjectionValue(sort, e);
        args.push(e.playerId, member, String(e.seq), value.slice(value.indexOf('|', value.indexOf('|') + 1) + 1));
      }
      const reply = asArray(await run(APPLY, space, period, args));
      return {
        ranks: entries.map((_, i) => ({ newRank: Number(reply[3 * i]), oldRank: Number(reply[3 * i + 1]), total: Number(reply[3 * i + 2]) })),
        version: Number(reply[3 * entries.length]),
        before: Number(reply[3 * entries.length + 1]),
      };
    },

    /**
     * The period's version (0 when it has none yet). Every write acknowledged with a version up
     * to this one was applied before this call returned, so a read sent after it reflects them.
     */
    async version(space: string, period: string): Promise<number> {
      return Number((await client.hget(periodKeys(space, period).meta, 'ver')) ?? 0);
    },

    /** One page in rank order after the cursor's rank key; null when the projection is not ready. */
    async top(space: string, period: string, sort: Sort, cursorKey: string | null, limit: number, seen: Seen): Promise<RankedList | null> {
      const reply = await read(TOP, space, period, [cursorKey ?? '', String(limit)], seen);
      return reply === null ? null : rankedRun(sort, asArray(reply));
    },

    /**
     * One page of a tier after the cursor's rank key (TIER_PAGE): a score tier is a key range of
     * `:z`, a percentile tier a run of positions. Null when the projection is not ready.
     */
    async tier(space: string, period: string, sort: Sort, bounds: TierBounds, cursorKey: string | null, limit: number, seen: Seen): Promise<(RankedList & { tierTotal: number; tierEnd: number }) | null> {
      const [a, b] = bounds.by === 'score' ? rankKeyRange(sort, bounds.range) : [String(bounds.from), String(bounds.to)];
      const reply = await read(TIER_PAGE, space, period, [bounds.by === 'score' ? 'lex' : 'pos', a, b, cursorKey ?? '', String(limit)], seen);
      if (reply === null) return null;
      const [total, tierTotal, tierEnd, ...rest] = asArray(reply);
      return { ...rankedRun(sort, [total!, ...rest]), tierTotal: Number(tierTotal), tierEnd: Number(tierEnd) };
    },

    /** The player and `radius` neighbours each side; entries null when the player has none. */
    async around(space: string, period: string, sort: Sort, player: string, radius: number, seen: Seen): Promise<{ total: number; entries: RankedRecordEntry[] | null } | null> {
      const reply = await read(AROUND, space, period, [player, String(radius)], seen);
      if (reply === null) return null;
      const arr = asArray(reply);
      return arr[1] === 0 ? { total: Number(arr[0]), entries: null } : rankedRun(sort, arr);
    },

    /** The listed players that have entries, in rank order; null when not ready. */
    async players(space: string, period: string, sort: Sort, players: string[], seen: Seen): Promise<RankedList | null> {
      const reply = await read(PLAYERS, space, period, players, seen);
      if (reply === null) return null;
      const arr = asArray(reply);
      const entries: RankedRecordEntry[] = [];
      for (let i = 1; i < arr.length; i += 2) entries.push({ ...fromProjectionValue(sort, String(arr[i + 1])), rank: Number(arr[i]) });
      entries.sort((a, b) => a.rank - b.rank);
      return { total: Number(arr[0]), entries };
    },

    /** Competition or dense display ranks of the given scores, in order; null when not ready. */
    async tieRanks(space: string, period: string, sort: Sort, mode: RankMode, scores: number[], seen: Seen): Promise<number[] | null> {
      const reply = await read(TIES, space, period, [mode, ...scores.map((s) => scorePrefix(sort, s))], seen);
      return reply === null ? null : asArray(reply).map(Number);
    },

    /** Entry count and the lowest and highest score (both 0 when empty); null when not ready. */
    async scoreSpan(space: string, period: string, sort: Sort, seen: Seen): Promise<{ total: number; min: number; max: number } | null> {
      const reply = await read(SCORE_SPAN, space, period, [], seen);
      if (reply === null) return null;
      const [total, first, last] = asArray(reply);
      if (Number(total) === 0) return { total: 0, min: 0, max: 0 };
      const a = decodeRankKey(sort, String(first))!.score;
      const b = decodeRankKey(sort, String(last))!.score;
      return { total: Number(total), min: Math.min(a, b), max: Math.max(a, b) };
    },

    /** Entries per score range (inclusive), in order; null when not ready. */
    async rangeCounts(space: string, period: string, sort: Sort, ranges: ScoreRange[], seen: Seen): Promise<number[] | null> {
      const reply = await read(RANGE_COUNTS, space, period, ranges.flatMap((r) => rankKeyRange(sort, r)), seen);
      return reply === null ? null : asArray(reply).map(Number);
    },

    /** The distinct-score structures (verify): whether they cover the period, ZCARD of :d, and :n. Null when not ready. */
    async scoreCounts(space: string, period: string, seen: Seen): Promise<{ ties: boolean; distinct: number; counts: Map<string, number> } | null> {
      const reply = await read(SCORE_COUNTS, space, period, [], seen);
      if (reply === null) return null;
      const arr = asArray(reply);
      const counts = new Map<string, number>();
      for (let i = 2; i < arr.length; i += 2) counts.set(String(arr[i]), Number(arr[i + 1]));
      return { ties: String(arr[0]) === '1', distinct: Number(arr[1]), counts };
    },

    /** Number of entries, or null when not ready. */
    async count(space: string, period: string, seen: Seen): Promise<number | null> {
      const reply = await read(COUNT, space, period, [], seen);
      return reply === null ? null : Number(reply);
    },

    /** Marks a period stale so the next read rebuilds it. */
    async markStale(space: string, period: string): Promise<void> {
      await run(MARK_STALE, space, period, []);
    },

    /** Removes a period's projection entirely. */
    async drop(space: string, period: string): Promise<void> {
      const k = periodKeys(space, period);
      await client.del([k.z, k.e, k.meta, k.d, k.n, k.x, ...(k.live ? [k.live] : [])]);
    },

    /** Lets a period's keys expire after `seconds` (a period that left the hot window). */
    async expire(space: string, period: string, seconds: number): Promise<void> {
      const k = periodKeys(space, period);
      for (const key of [k.z, k.e, k.meta, k.d, k.n, k.x, ...(k.live ? [k.live] : [])]) await client.expire(key, seconds);
    },

    /** Takes the rebuild lock; returns a token, or null when someone else holds it. */
    async lock(space: string, period: string, ttlMs: number): Promise<string | null> {
      const token = crypto.randomUUID();
      const ok = await client.set(periodKeys(space, period).lock, token, { conditionalSet: 'onlyIfDoesNotExist', expiry: { type: TimeUnit.Milliseconds, count: ttlMs } });
      return ok === 'OK' ? token : null;
    },

    async unlock(space: string, period: string, token: string): Promise<void> {
      await client.invokeScript(UNLOCK, { keys: [periodKeys(space, period).lock], args: [token] });
    },

    async beginRebuild(space: string, period: string): Promise<string> {
      return String(await run(BEGIN_REBUILD, space, period, []));
    },

    async finishRebuild(space: string, period: string, generation: string): Promise<boolean> {
      return Number(await run(FINISH_REBUILD, space, period, [generation])) === 1;
    },

    /**
     * Live events of a period after version `after` (docs/live.md), oldest first, at most `count`:
     * each with its version, the version before it, and the fields LIVE stored.
     */
    async liveEvents(space: string, period: string, after: number, count: number): Promise<LiveRecord[]> {
      const start = after > 0 ? { value: `${after}-1`, isInclusive: false } : InfBoundary.NegativeInfinity;
      const reply = await client.xrange(periodKeys(space, period).live!, start, InfBoundary.PositiveInfinity, { count });
      const out: LiveRecord[] = [];
      for (const [id, fields] of Object.entries(reply ?? {})) {
        const f = Object.fromEntries((fields as [unknown, unknown][]).map(([k, v]) => [String(k), String(v)]));
        out.push({ version: Number(id.split('-')[0]), prev: Number(f.p), playerId: f.u ?? '', member: f.m ?? '', seq: Number(f.s), rank: Number(f.r) || null, previousRank: Number(f.o) || null, total: Number(f.t) || null, displayName: f.d || null });
      }
      return out.sort((a, b) => a.version - b.version);
    },

    /** The meta field `ranked`: how far the rollover copied the live stream's ranks (docs/history.md). */
    async ranksCopiedTo(space: string, period: string): Promise<number> {
      return Number((await client.hget(periodKeys(space, period).meta, 'ranked')) ?? 0) || 0;
    },

    async setRanksCopiedTo(space: string, period: string, version: number): Promise<void> {
      await client.invokeScript(SET_RANKED, { keys: [periodKeys(space, period).meta], args: [String(version)] });
    },

    /** Round trip to Valkey (health). */
    async ping(): Promise<void> {
      await client.ping();
    },
  };
}

type ProjectionOps = ReturnType<typeof projectionOps>;
