/**
 * An in-memory Projection (origin/projection/period.ts) for the domain services' unit tests:
 * the same contract as the Valkey adapter — exact ranks in rank-key order, null while a period is
 * not ready, apply only newer sequences, versions that only move up, the rebuild lock and
 * generation — without a server. `down` makes every call fail as an unreachable Valkey does,
 * `failing` makes single methods fail, and `calls` lists what was asked, per period.
 */
import { encodeRankKey, scorePrefix, type RankMode, type Sort } from '../../../core/index.ts';
import { boardSpace } from '../../projection/keys.ts';
import type { LiveRecord, NamesStore, PeriodProjection, Projection, ProjectionBoard, RankedList } from '../../projection/period.ts';
import type { SnapshotPage } from '../../projection/snapshot.ts';
import type { RankedRecordEntry, RecordEntry } from '../../record/types.ts';

/** What Valkey holds for one board period (or cohort scope). */
export interface MemoryPeriod {
  ready: boolean;
  entries: Map<string, RecordEntry>;
  version: number;
  gen: number;
  lock: string | null;
  hidden: Set<string>;
  modifiedAt: number;
  expireSeconds: number | null;
  snapshots: Map<string, { total: number; version: number; takenAtMs: number; entries: RankedRecordEntry[] }>;
  live: LiveRecord[];
  /** The meta field `ranked` (ranksCopiedTo). */
  ranked: number;
}

const newPeriod = (): MemoryPeriod => ({ ready: false, entries: new Map(), version: 0, gen: 0, lock: null, hidden: new Set(), modifiedAt: 0, expireSeconds: null, snapshots: new Map(), live: [], ranked: 0 });

export class MemoryProjection implements Projection {
  /** Periods by `<key space>:<period>`, as Valkey names them. */
  readonly periods = new Map<string, MemoryPeriod>();
  /** `<method> <period>` of every call. */
  readonly calls: string[] = [];
  /** Every call rejects, as with Valkey unreachable. */
  down = false;
  /** Methods (`apply`, `top`, ...) that reject. */
  readonly failing = new Set<string>();
  readonly displayNames = new Map<string, string>();
  /** Events a period's live stream keeps, oldest trimmed first (Valkey: LIVE_STREAM_MAXLEN). */
  liveMax = 1000;

  readonly names: NamesStore = {
    get: async (players) => {
      this.check('names');
      return new Map(players.flatMap((p) => (this.displayNames.has(p) ? [[p, this.displayNames.get(p)!] as const] : [])));
    },
    set: async (player, name) => {
      this.check('names');
      this.displayNames.set(player, name);
    },
    load: async () => true,
  };

  async ping(): Promise<void> {
    this.check('ping');
  }

  /** The state of a period, created empty (not ready) like keys Valkey does not have. */
  state(board: { id: string; incarnation: number }, period: string): MemoryPeriod {
    const key = `${boardSpace(board)}:${period}`;
    let s = this.periods.get(key);
    if (!s) this.periods.set(key, (s = newPeriod()));
    return s;
  }

  private check(method: string, period = ''): void {
    this.calls.push(period ? `${method} ${period}` : method);
    if (this.down || this.failing.has(method)) throw new Error(`valkey: ${method} failed`);
  }

  period(board: ProjectionBoard, period: string): PeriodProjection {
    const sort: Sort = board.sort;
    const mode: RankMode = board.rankMode ?? 'ordinal';
    const s = () => this.state(board, period);
    const call = (method: string) => {
      this.check(method, period);
      return s();
    };
    // As the read scripts do (scripts.ts versionedRead): each read of a ready period sees its version.
    let lowest: number | null = null;
    const read = (method: string) => {
      const p = call(method);
      if (p.ready) lowest = lowest === null ? p.version : Math.min(lowest, p.version);
      return p;
    };
    const key = (e: RecordEntry) => encodeRankKey(sort, e);
    const ordered = (p: MemoryPeriod) => [...p.entries.values()].sort((a, b) => (key(a) < key(b) ? -1 : 1));
    const rankOf = (p: MemoryPeriod, player: string) => ordered(p).findIndex((e) => e.playerId === player) + 1;
    const ranked = (list: RecordEntry[], first: number): RankedRecordEntry[] => list.map((e, i) => ({ ...e, rank: first + i }));
    const tieRank = (p: MemoryPeriod, score: number, how: RankMode) => {
      const prefix = scorePrefix(sort, score);
      const better = ordered(p).filter((e) => scorePrefix(sort, e.score) < prefix);
      return 1 + (how === 'dense' ? new Set(better.map((e) => e.score)).size : better.length);
    };
    const bumpGeneration = (p: MemoryPeriod) => {
      p.gen += 1;
      p.version += 1;
    };

    return {
      period,
      version: async () => call('version').version,
      readVersion: () => lowest,
      tier: async () => {
        throw new Error('tier pages are not kept by the in-memory projection');
      },
      apply: async (entries, wantRanks = true) => {
        const p = call('apply');
        const before = p.version;
        const ranks = [];
        let top = -1;
        let liveAdded = false;
        for (const e of entries) {
          if (p.hidden.has(e.playerId)) {
            ranks.push({ newRank: 0, oldRank: 0, total: 0 });
            continue;
          }
          const withRanks = p.ready && wantRanks;
          const cur = p.entries.get(e.playerId);
          const oldRank = cur && withRanks ? rankOf(p, e.playerId) : 0;
          const applied = !cur || e.seq > cur.seq;
          if (applied) {
            p.entries.set(e.playerId, e);
            top = Math.max(top, e.seq);
          }
          const newRank = withRanks ? rankOf(p, e.playerId) : 0;
          // As LIVE (scripts.ts): each event moves the version on its own and records the one before.
          const total = withRanks ? p.entries.size : 0;
          if (applied && wantRanks) {
            const prev = p.version;
            liveAdded = true;
            p.version = Math.max(p.version + 1, e.seq);
            p.live.push({ version: p.version, prev, playerId: e.playerId, member: key(e), seq: e.seq, rank: newRank || null, previousRank: oldRank || null, total: total || null, displayName: null });
            if (p.live.length > this.liveMax) p.live.splice(0, p.live.length - this.liveMax);
          }
          ranks.push({ newRank, oldRank, total });
        }
        // Without events the version moves once for the whole call (APPLY: ver = max(ver + 1, top)).
        if (top >= 0 && !liveAdded) p.version = Math.max(p.version + 1, top);
        return { ranks, version: p.version, before };
      },
      top: async (cursorKey, limit) => {
        const p = read('top');
        if (!p.ready) return null;
        const all = ordered(p);
        const from = cursorKey === null ? 0 : all.findIndex((e) => key(e) > cursorKey);
        const start = from < 0 ? all.length : from;
        return { total: all.length, entries: ranked(all.slice(start, start + limit), start + 1) };
      },
      around: async (player, radius) => {
        const p = read('around');
        if (!p.ready) return null;
        const all = ordered(p);
        const i = all.findIndex((e) => e.playerId === player);
        if (i < 0) return { total: all.length, entries: null };
        const start = Math.max(0, i - radius);
        return { total: all.length, entries: ranked(all.slice(start, i + radius + 1), start + 1) };
      },
      players: async (players): Promise<RankedList | null> => {
        const p = read('players');
        if (!p.ready) return null;
        const all = ordered(p);
        const wanted = new Set(players);
        return { total: all.length, entries: all.flatMap((e, i) => (wanted.has(e.playerId) ? [{ ...e, rank: i + 1 }] : [])) };
      },
      tieRanks: async (scores) => {
        if (mode === 'ordinal') return null;
        const p = read('tieRanks');
        return p.ready ? scores.map((score) => tieRank(p, score, mode)) : null;
      },
      count: async () => {
        const p = read('count');
        return p.ready ? p.entries.size : null;
      },
      scoreSpan: async () => {
        const p = read('scoreSpan');
        if (!p.ready) return null;
        const scores = [...p.entries.values()].map((e) => e.score);
        return scores.length === 0 ? { total: 0, min: 0, max: 0 } : { total: scores.length, min: Math.min(...scores), max: Math.max(...scores) };
      },
      rangeCounts: async (ranges) => {
        const p = read('rangeCounts');
        if (!p.ready) return null;
        return ranges.map((r) => [...p.entries.values()].filter((e) => e.score >= r.from && e.score <= r.to).length);
      },
      scoreCounts: async () => {
        const p = read('scoreCounts');
        if (!p.ready) return null;
        const counts = new Map<string, number>();
        for (const e of p.entries.values()) counts.set(scorePrefix(sort, e.score), (counts.get(scorePrefix(sort, e.score)) ?? 0) + 1);
        return { ties: true, distinct: counts.size, counts };
      },
      snapshots: {
        firstPage: async (limit, o) => {
          const p = read('snapshots.firstPage');
          if (!p.ready) return null;
          const all = ordered(p);
          if (all.length <= limit) return { kind: 'live', total: all.length, entries: ranked(all, 1) };
          const id = (p.snapshots.size + 1).toString(16).padStart(16, '0'); // hex, as cursors require
          const snap = { total: all.length, version: p.version, takenAtMs: Date.now(), entries: ranked(all.slice(0, o.topK), 1) };
          p.snapshots.set(id, snap);
          return snapshotPage(id, snap, 0, limit, o.ttlMs, 1);
        },
        nextPage: async (id, offset, limit) => {
          const snap = call('snapshots.nextPage').snapshots.get(id);
          if (!snap) return null;
          const first = snap.entries[offset];
          const shown = !first || mode === 'ordinal' ? offset + 1 : mode === 'competition' ? snap.entries.findIndex((e) => e.score === first.score) + 1 : new Set(snap.entries.slice(0, offset + 1).map((e) => e.score)).size;
          return snapshotPage(id, snap, offset, limit, 60_000, shown);
        },
      },
      moderation: {
        hide: async (player) => {
          const p = call('moderation.hide');
          p.hidden.add(player);
          p.entries.delete(player);
          p.modifiedAt = Date.now();
          bumpGeneration(p);
        },
        show: async (player) => {
          const p = call('moderation.show');
          p.hidden.delete(player);
          p.ready = false;
          p.modifiedAt = Date.now();
          bumpGeneration(p);
        },
        setHidden: async (generation, players) => {
          const p = call('moderation.setHidden');
          if (String(p.gen) !== generation) return false;
          p.hidden = new Set(players);
          return true;
        },
        changedAt: async () => call('moderation.changedAt').modifiedAt,
      },
      markStale: async () => {
        const p = call('markStale');
        p.ready = false;
        bumpGeneration(p);
      },
      drop: async () => {
        this.check('drop', period);
        this.periods.delete(`${boardSpace(board)}:${period}`);
      },
      expire: async (seconds) => {
        call('expire').expireSeconds = seconds;
      },
      lock: async () => {
        const p = call('lock');
        if (p.lock) return null;
        p.lock = crypto.randomUUID();
        return p.lock;
      },
      unlock: async (token) => {
        const p = call('unlock');
        if (p.lock === token) p.lock = null;
      },
      beginRebuild: async () => {
        const p = call('beginRebuild');
        p.ready = false;
        p.gen += 1;
        p.entries.clear();
        return String(p.gen);
      },
      finishRebuild: async (generation) => {
        const p = call('finishRebuild');
        if (String(p.gen) !== generation) return false;
        p.ready = true;
        return true;
      },
      liveEvents: async (after, count) => call('liveEvents').live.filter((r) => r.version > after).slice(0, count),
      ranksCopiedTo: async () => call('ranksCopiedTo').ranked,
      setRanksCopiedTo: async (version) => {
        const p = call('setRanksCopiedTo');
        p.ranked = Math.max(p.ranked, version);
      },
    };
  }
}

function snapshotPage(id: string, snap: { total: number; version: number; takenAtMs: number; entries: RankedRecordEntry[] }, offset: number, limit: number, ttlMs: number, firstShown: number): SnapshotPage {
  return {
    kind: 'snapshot',
    snapshot: { id, total: snap.total, version: String(snap.version), takenAtMs: snap.takenAtMs, size: snap.entries.length },
    ttlMs,
    entries: snap.entries.slice(offset, offset + limit),
    firstShown,
  };
}
