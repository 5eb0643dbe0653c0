/**
 * An in-memory system of record (origin/record/leaderboard-record.ts) for the domain services'
 * unit tests: boards, entries per period with the `best` operator and one sequence, ranks in the
 * board's order (ties by achievedAt, then player id), repairs and the rollover's closing. It holds
 * the part of the record the leaderboard services use; `record()` turns it into a
 * LeaderboardRecord whose other methods reject, so a service reaching further fails loudly.
 * `down` makes every call fail as an unreachable Supabase does (ApiError unavailable, a 503).
 */
import { encodeRankKey, periodKey, periodStart } from '../../../core/index.ts';
import type { LeaderboardRecord, RankedPage } from '../../record/leaderboard-record.ts';
import { noAnswer } from '../../record/errors.ts';
import type { RankedRecordEntry, RecordBoard, RecordEntry, RolloverBoard, SubmitOutcome } from '../../record/types.ts';

/** A board as lb_board returns it, with test defaults. */
export function recordBoard(id: string, o: Partial<RecordBoard> = {}): RecordBoard {
  return { id, name: id, sort: 'desc', operator: 'best', reset: 'never', writers: 'server', minScore: null, maxScore: null, cacheSeconds: 5, seq: 0, incarnation: 1, source: null, sourceStatus: null, ...o };
}

type Implemented = Pick<
  LeaderboardRecord,
  | 'health' | 'board' | 'boards' | 'submit' | 'submitBatch' | 'count' | 'readTop' | 'readPlayers' | 'readAround' | 'readSelf' | 'tieRanks' | 'exportPages'
  | 'moderationHidden' | 'requestRepair' | 'repairs' | 'repairDone' | 'rollover' | 'closeEnded' | 'periods' | 'deletePlayer' | 'deleteBoard' | 'profileNames' | 'profileExport'
  | 'historyRanks'
>;

export class MemoryRecord implements Implemented {
  readonly boardsById = new Map<string, RecordBoard>();
  /** Entries by `<board>|<period>`, then player. */
  readonly entries = new Map<string, Map<string, RecordEntry>>();
  readonly pendingRepairs: { board: string; period: string; requestedAt: string }[] = [];
  readonly closed = new Set<string>();
  /** The submissions log's changing writes, in seq order, with the rank lb_history_ranks stored (null until then). */
  readonly log: { board: string; period: string; seq: number; playerId: string; rank: number | null }[] = [];
  /** Every call, by method name. */
  readonly calls: string[] = [];
  down = false;
  /** The clock writes are stamped with. */
  now = () => new Date('2026-12-02T12:00:00.000Z');
  private seq = 0;

  /** As a LeaderboardRecord: what this class does not implement rejects. */
  record(): LeaderboardRecord {
    return new Proxy(this, {
      get: (target, name) => {
        // Not a thenable, so it can be passed through promises.
        if (name === 'then' || typeof name === 'symbol') return undefined;
        const own = Reflect.get(target, name, target) as unknown;
        if (typeof own === 'function') return own.bind(target);
        return async () => {
          throw new Error(`the in-memory record has no ${String(name)}`);
        };
      },
    }) as unknown as LeaderboardRecord;
  }

  addBoard(board: RecordBoard): RecordBoard {
    this.boardsById.set(board.id, board);
    return board;
  }

  private check(method: string): void {
    this.calls.push(method);
    if (this.down) throw noAnswer();
  }

  private period(board: string, period: string): Map<string, RecordEntry> {
    const key = `${board}|${period}`;
    let m = this.entries.get(key);
    if (!m) this.entries.set(key, (m = new Map()));
    return m;
  }

  /** A period's entries in rank order, ranked. */
  private ranked(board: string, period: string): RankedRecordEntry[] {
    const sort = this.boardsById.get(board)?.sort ?? 'desc';
    const key = (e: RecordEntry) => encodeRankKey(sort, e);
    return [...this.period(board, period).values()].sort((a, b) => (key(a) < key(b) ? -1 : 1)).map((e, i) => ({ ...e, rank: i + 1 }));
  }

  /** Writes an entry as lb_submit does, with the `best` operator. */
  private write(board: RecordBoard, playerId: string, score: number, metadata: Record<string, unknown> | null): Omit<SubmitOutcome, 'replayed'> {
    const at = this.now();
    const period = periodKey(board.reset, at);
    const entries = this.period(board.id, period);
    const previous = entries.get(playerId) ?? null;
    const better = !previous || (board.sort === 'desc' ? score > previous.score : score < previous.score);
    if (!better) return { seq: previous.seq, period, sort: board.sort, updated: false, entry: previous, previous };
    const entry: RecordEntry = { playerId, score, achievedAt: at.toISOString(), achievedAtMs: at.getTime(), metadata, seq: ++this.seq };
    entries.set(playerId, entry);
    this.log.push({ board: board.id, period, seq: entry.seq, playerId, rank: null });
    return { seq: entry.seq, period, sort: board.sort, updated: true, entry, previous };
  }

  private boardOrThrow(id: string): RecordBoard {
    const board = this.boardsById.get(id);
    if (!board) throw new Error(`board_not_found ${id}`);
    return board;
  }

  async historyRanks(board: string, period: string, seqs: number[], ranks: number[], gap: { after: number; to: number } | null) {
    this.check('historyRanks');
    const rows = this.log.filter((r) => r.board === board && r.period === period);
    let filled = 0;
    seqs.forEach((seq, i) => {
      const row = rows.find((r) => r.seq === seq);
      if (row && row.rank === null && ranks[i]! > 0) {
        row.rank = ranks[i]!;
        filled += 1;
      }
    });
    const missed = gap ? rows.filter((r) => r.rank === null && r.seq > gap.after && r.seq <= gap.to).length : 0;
    return { filled, missed };
  }

  async health() {
    this.check('health');
    return { ok: true, now: this.now().toISOString() };
  }

  async board(id: string) {
    this.check('board');
    return this.boardsById.get(id) ?? null;
  }

  async boards() {
    this.check('boards');
    return [...this.boardsById.values()];
  }

  async submit(a: Parameters<LeaderboardRecord['submit']>[0]) {
    this.check('submit');
    return { ...this.write(this.boardOrThrow(a.board), a.playerId, a.score, a.metadata), replayed: false };
  }

  async submitBatch(a: Parameters<LeaderboardRecord['submitBatch']>[0]) {
    this.check('submitBatch');
    const board = this.boardOrThrow(a.board);
    const results = a.entries.map((e) => {
      const { sort: _sort, ...out } = this.write(board, e.playerId, e.score, e.metadata ?? null);
      return out;
    });
    return { sort: board.sort, results };
  }

  async count(board: string, period: string) {
    this.check('count');
    return this.period(board, period).size;
  }

  async readTop(board: string, period: string, limit: number, after: { rankScore: number; achievedAtMs: number; playerId: string } | null): Promise<RankedPage> {
    this.check('readTop');
    const all = this.ranked(board, period);
    const sort = this.boardsById.get(board)?.sort ?? 'desc';
    const afterKey = after && encodeRankKey(sort, { score: sort === 'desc' ? -after.rankScore : after.rankScore, achievedAtMs: after.achievedAtMs, playerId: after.playerId });
    const from = afterKey === null ? 0 : all.findIndex((e) => encodeRankKey(sort, e) > afterKey);
    return { total: all.length, entries: from < 0 ? [] : all.slice(from, from + limit) };
  }

  async readPlayers(board: string, period: string, players: string[]): Promise<RankedPage> {
    this.check('readPlayers');
    const all = this.ranked(board, period);
    return { total: all.length, entries: all.filter((e) => players.includes(e.playerId)) };
  }

  async readAround(board: string, period: string, player: string, radius: number) {
    this.check('readAround');
    const all = this.ranked(board, period);
    const i = all.findIndex((e) => e.playerId === player);
    return { total: all.length, entries: i < 0 ? null : all.slice(Math.max(0, i - radius), i + radius + 1) };
  }

  async readSelf(board: string, period: string, player: string): Promise<RankedPage> {
    this.check('readSelf');
    return this.readPlayers(board, period, [player]);
  }

  async tieRanks(board: string, period: string, mode: 'competition' | 'dense', rankScores: number[]) {
    this.check('tieRanks');
    const desc = this.boardsById.get(board)?.sort === 'desc';
    const ranks = [...this.period(board, period).values()].map((e) => (desc ? -e.score : e.score));
    return rankScores.map((r) => {
      const better = ranks.filter((x) => x < r);
      return 1 + (mode === 'dense' ? new Set(better).size : better.length);
    });
  }

  async *exportPages(board: string, period: string, pageSize: number): AsyncGenerator<RecordEntry[]> {
    this.check('exportPages');
    const all = [...this.period(board, period).values()].sort((a, b) => (a.playerId < b.playerId ? -1 : 1));
    for (let i = 0; i < all.length; i += pageSize) yield all.slice(i, i + pageSize);
  }

  async moderationHidden() {
    this.check('moderationHidden');
    return [];
  }

  async requestRepair(board: string, period: string) {
    this.check('requestRepair');
    this.pendingRepairs.push({ board, period, requestedAt: this.now().toISOString() });
    return null;
  }

  async repairs() {
    this.check('repairs');
    return [...this.pendingRepairs];
  }

  async repairDone(board: string, period: string, before: string) {
    this.check('repairDone');
    const keep = this.pendingRepairs.filter((r) => !(r.board === board && r.period === period && r.requestedAt <= before));
    this.pendingRepairs.splice(0, this.pendingRepairs.length, ...keep);
    return null;
  }

  /** Closes each resetting board's previous period once, as lb_rollover does. */
  async rollover(now?: string): Promise<RolloverBoard[]> {
    this.check('rollover');
    const at = now ? new Date(now) : this.now();
    return [...this.boardsById.values()]
      .filter((b) => b.reset !== 'never')
      .map((b) => {
        const current = periodKey(b.reset, at);
        const previous = periodKey(b.reset, new Date(periodStart(b.reset, current)!.getTime() - 1));
        const closedNow = !this.closed.has(`${b.id}|${previous}`);
        this.closed.add(`${b.id}|${previous}`);
        return { board: b.id, reset: b.reset, current, previous, closedNow };
      });
  }

  async closeEnded() {
    this.check('closeEnded');
    return [];
  }

  async periods(board: string) {
    this.check('periods');
    return [...this.entries.keys()].filter((k) => k.startsWith(`${board}|`) && this.entries.get(k)!.size > 0).map((k) => k.slice(board.length + 1));
  }

  async deletePlayer(board: string, player: string) {
    this.check('deletePlayer');
    const periods = [];
    for (const [key, entries] of this.entries) if (key.startsWith(`${board}|`) && entries.delete(player)) periods.push(key.slice(board.length + 1));
    return { periods, entries: periods.length };
  }

  async deleteBoard(id: string) {
    this.check('deleteBoard');
    const periods = await this.periods(id);
    this.boardsById.delete(id);
    for (const p of periods) this.entries.delete(`${id}|${p}`);
    return { periods };
  }

  async profileNames() {
    this.check('profileNames');
    return {};
  }

  async profileExport() {
    this.check('profileExport');
    return [] as [string, string][];
  }
}
