/**
 * One Durable Object per board: the fan-out of its live events to Server-Sent Events watchers
 * (docs/live.md). While it has watchers it pulls the board's events from the origin (signed,
 * GET /internal/live/{board}) every poll interval, and at once when the edge pokes it after a
 * write it forwarded. Each event is pulled once however many watchers there are, filtered per
 * view, and kept in a ring for Last-Event-ID replay. The pulls are driven by the object's alarm.
 */
import { ApiError, errorBody, STREAM_AROUND_RADIUS, watchedPlayers, type LiveBatch, type LiveEntry, type LiveOvertaken, type LivePoke, type StreamView } from '../../core/index.ts';
import type { EdgeBindings } from '../env.ts';
import { errorFields, requestLog } from '../logger.ts';
import { forwardToOrigin } from '../origin-client.ts';
import { liveConfig, type LiveConfig } from './config.ts';
import { WATCHERS_HEADER } from './publish.ts';

/** One retained item: an entry, an overtaking of a watched player, a rollover or a reset. */
type Item =
  | { type: 'entry'; id: number; data: LiveEntry }
  | { type: 'overtaken'; id: number; data: LiveOvertaken }
  | { type: 'period'; id: number; data: { period: string; previous: string } };

interface Conn {
  ctrl: ReadableStreamDefaultController<Uint8Array>;
  view: StreamView;
  ip: string | null;
  watched: string[];
}

const encoder = new TextEncoder();

/** One SSE frame. Events without an id (period) leave the client's last event id as it was. */
export function frame(event: string, data: unknown, id?: number): string {
  return `event: ${event}\n${id !== undefined ? `id: ${id}\n` : ''}data: ${JSON.stringify(data)}\n\n`;
}

/** Whether an entry event concerns a view (`watchedRank`: the around player's position, if known). */
export function entryInView(view: StreamView, e: LiveEntry, watchedRank: number | null): boolean {
  if (view.kind === 'ids') return view.ids.includes(e.playerId);
  if (view.kind === 'top') return e.rank === null || e.rank <= view.n || (e.previousRank !== null && e.previousRank <= view.n);
  if (e.playerId === view.playerId) return true;
  if (watchedRank === null || e.rank === null) return false;
  const lo = Math.min(e.rank, e.previousRank ?? Infinity);
  const hi = Math.max(e.rank, e.previousRank ?? Infinity);
  return lo <= watchedRank + STREAM_AROUND_RADIUS && hi >= watchedRank - STREAM_AROUND_RADIUS;
}

/**
 * Moves a watched player's position for another player's change: passed from below (or by a new
 * entry) it goes down one, and the change is an overtaking; passed from above going down, it goes up one.
 */
export function shiftRank(w: number, e: LiveEntry): { rank: number; overtaken: boolean } {
  if (e.rank === null) return { rank: w, overtaken: false };
  const p = e.previousRank;
  if ((p === null || p > e.rank) && w >= e.rank && (p === null || w < p)) return { rank: w + 1, overtaken: true };
  if (p !== null && p < e.rank && w > p && w <= e.rank) return { rank: w - 1, overtaken: false };
  return { rank: w, overtaken: false };
}

/**
 * What the object does with a poke's event: `apply` it when it directly follows the last event
 * applied (same period, its `prev` is the cursor), `skip` it when a pull already applied it,
 * else `pull` (the events in between, a change no event describes, or a new period).
 */
export function pokeAction(at: { period: string; cursor: number }, poke: LivePoke): 'apply' | 'skip' | 'pull' {
  if (poke.period !== at.period) return 'pull';
  if (poke.event.prev === at.cursor) return 'apply';
  return poke.event.seq <= at.cursor ? 'skip' : 'pull';
}

export class BoardStream implements DurableObject {
  private board = '';
  private cfg: LiveConfig;
  private started: Promise<void> | null = null;
  private period = '';
  /** The last version pulled. */
  private cursor = 0;
  /** Every event after this version is in the ring. */
  private floor = 0;
  private ring: Item[] = [];
  private entries = 0;
  private conns = new Set<Conn>();
  /** Positions of the watched players (null: no entry, or not known). */
  private ranks = new Map<string, number | null>();
  private pulling: Promise<void> | null = null;
  private again = false;
  /** An alarm is set for the next pull. */
  private polling = false;
  private heartbeat: ReturnType<typeof setInterval> | null = null;

  constructor(
    readonly state: DurableObjectState,
    readonly env: EdgeBindings,
  ) {
    this.cfg = liveConfig(env);
  }

  async fetch(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const requestId = req.headers.get('x-request-id') ?? crypto.randomUUID();
    this.board ||= url.searchParams.get('board') ?? '';
    try {
      if (url.pathname === '/poke') {
        // A write the edge forwarded, with its event when the origin told it: if anyone is watching.
        // The count lets the edge stop poking a board nobody watches.
        const poke = req.headers.get('content-type') === 'application/json' ? ((await req.json()) as LivePoke) : null;
        if (this.conns.size > 0) await this.poked(poke);
        return new Response(null, { status: 204, headers: { [WATCHERS_HEADER]: String(this.conns.size) } });
      }
      if (url.pathname === '/connect') return await this.open(url, requestId);
      throw new ApiError('not_found', 'Not found');
    } catch (err) {
      const out = errorBody(err, requestId);
      if (out.unexpected) requestLog(requestId, this.cfg.devMode)('error', 'live stream failed', errorFields(err));
      return Response.json(out.body, { status: out.status, headers: out.headers });
    }
  }

  private ipCount(ip: string): number {
    let n = 0;
    for (const c of this.conns) if (c.ip === ip) n++;
    return n;
  }

  private async open(url: URL, requestId: string): Promise<Response> {
    const view = JSON.parse(url.searchParams.get('view') ?? '') as StreamView;
    const ip = url.searchParams.get('ip');
    const lastRaw = url.searchParams.get('last');
    const last = lastRaw === null ? null : Number(lastRaw);
    if (this.conns.size >= this.cfg.maxPerBoard) {
      throw new ApiError('rate_limited', `Board "${this.board}" has the most live connections it takes (${this.cfg.maxPerBoard}); try again later`, { limit: this.cfg.maxPerBoard, scope: 'board' }, 30);
    }
    if (ip !== null && this.ipCount(ip) >= this.cfg.maxPerIp) {
      throw new ApiError('rate_limited', `Too many live connections from this address to board "${this.board}" (at most ${this.cfg.maxPerIp}); close one first`, { limit: this.cfg.maxPerIp, scope: 'ip' }, 30);
    }
    await this.start(last, requestId);
    const watched = watchedPlayers(view);
    await this.watch(watched, requestId);
    let conn!: Conn;
    const body = new ReadableStream<Uint8Array>({
      start: (ctrl) => {
        conn = { ctrl, view, ip, watched };
      },
      cancel: () => this.drop(conn),
    });
    this.conns.add(conn);
    // Headers go out with the first bytes; the comment names where the watcher starts.
    this.send(conn, `retry: 3000\n: live ${this.board} at ${this.cursor}\n\n`);
    if (last !== null) this.replay(conn, last);
    this.run();
    return new Response(body, {
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no', 'x-board-seq': String(this.cursor) },
    });
  }

  /** The first watcher: where the board is now, and the retained history a reconnecting one asks for. */
  private start(last: number | null, requestId: string): Promise<void> {
    this.started ??= (async () => {
      const tail = await this.pull({}, requestId);
      this.period = tail.period;
      this.cursor = this.floor = tail.version;
      if (last === null || last >= tail.version) return;
      // A watcher reconnecting to a fresh object: the origin's stream may still hold what it missed.
      const history = await this.pull({ after: last, period: tail.period }, requestId);
      if (history.gap || history.period !== tail.period) return;
      this.floor = last;
      this.cursor = last;
      this.apply(history);
    })().catch((err: unknown) => {
      this.started = null;
      throw err;
    });
    return this.started;
  }

  /** Learns the positions of newly watched players. */
  private async watch(players: string[], requestId: string): Promise<void> {
    const fresh = players.filter((p) => !this.ranks.has(p));
    if (fresh.length === 0) return;
    for (const p of fresh) this.ranks.set(p, null);
    try {
      const res = await forwardToOrigin(this.env, { method: 'GET', pathAndQuery: `/api/boards/${this.board}/players?ids=${fresh.map(encodeURIComponent).join(',')}`, headers: new Headers(), requestId });
      if (!res.ok) return;
      const body = (await res.json()) as { entries?: { playerId: string; rank: number }[] };
      // Positions learned now are older than no event the ring has applied: keep any an event set meanwhile.
      for (const e of body.entries ?? []) if (this.ranks.get(e.playerId) === null) this.ranks.set(e.playerId, e.rank);
    } catch {
      // Unknown positions: the watcher still gets its players' own events.
    }
  }

  private drop(conn: Conn): void {
    if (!this.conns.delete(conn)) return;
    try {
      conn.ctrl.close();
    } catch {
      // Already closed or cancelled.
    }
    if (this.conns.size === 0) this.idle();
    else {
      const still = new Set([...this.conns].flatMap((c) => c.watched));
      for (const p of this.ranks.keys()) if (!still.has(p)) this.ranks.delete(p);
    }
  }

  /** No watchers left: stop pulling; the ring stays while the object lives. */
  private idle(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.polling = false;
    void this.state.storage.deleteAlarm().catch(() => undefined);
    this.ranks.clear();
  }

  private run(): void {
    if (!this.polling) {
      this.polling = true;
      void this.state.storage.setAlarm(Date.now() + this.cfg.pollMs);
    }
    this.heartbeat ??= setInterval(() => {
      const beat = encoder.encode(`: heartbeat ${Date.now()}\n\n`);
      for (const c of this.conns) this.send(c, beat);
    }, this.cfg.heartbeatMs);
  }

  private send(conn: Conn, text: string | Uint8Array): void {
    try {
      if ((conn.ctrl.desiredSize ?? 0) < -this.cfg.maxBufferedFrames) throw new Error('watcher too slow');
      conn.ctrl.enqueue(typeof text === 'string' ? encoder.encode(text) : text);
    } catch {
      this.drop(conn);
    }
  }

  /** Sends a reconnecting watcher what it missed, in order, or a reset when that is no longer retained. */
  private replay(conn: Conn, last: number): void {
    if (last === this.cursor) return;
    // Older than what is retained, or from another period's versions.
    if (last < this.floor || last > this.cursor) return this.send(conn, frame('reset', { reason: 'behind' }, this.cursor));
    for (const item of this.ring) {
      if (item.type === 'period' ? item.id < last : item.id <= last) continue;
      this.deliver(conn, item);
    }
  }

  private deliver(conn: Conn, item: Item, bytes?: Uint8Array): void {
    if (item.type === 'entry') {
      const watchedRank = conn.view.kind === 'around' ? (this.ranks.get(conn.view.playerId) ?? null) : null;
      if (!entryInView(conn.view, item.data, watchedRank)) return;
    } else if (item.type === 'overtaken' && !conn.watched.includes(item.data.playerId)) return;
    this.send(conn, bytes ?? frame(item.type, item.data, item.type === 'period' ? undefined : item.id));
  }

  private broadcast(item: Item): void {
    this.ring.push(item);
    if (item.type === 'entry' && ++this.entries > this.cfg.retainEvents) {
      // Drop the oldest entry and what came with it: every event after it stays retained.
      const cut = this.ring.findIndex((i, n) => n > 0 && i.type === 'entry');
      const dropped = this.ring.splice(0, cut);
      this.entries--;
      this.floor = dropped.reduce((f, i) => (i.type === 'entry' ? Math.max(f, i.id) : f), this.floor);
    }
    const bytes = encoder.encode(frame(item.type, item.data, item.type === 'period' ? undefined : item.id));
    for (const c of this.conns) this.deliver(c, item, bytes);
  }

  /** Everyone refetches: the board changed in a way no retained event describes. */
  private reset(reason: 'changed' | 'deleted', at: number): void {
    this.ring = [];
    this.entries = 0;
    this.floor = this.cursor = at;
    const text = encoder.encode(frame('reset', { reason }, at));
    for (const c of this.conns) this.send(c, text);
  }

  private apply(batch: LiveBatch): void {
    if (batch.period !== this.period) {
      // A new period starts its own versions: what came before is no longer replayed.
      const previous = this.period;
      this.period = batch.period;
      this.ring = [];
      this.entries = 0;
      this.floor = this.cursor = 0;
      for (const p of this.ranks.keys()) this.ranks.set(p, null);
      this.broadcast({ type: 'period', id: 0, data: { period: batch.period, previous } });
    }
    if (batch.gap) this.reset('changed', batch.events[0]?.prev ?? batch.version);
    for (const { prev: _prev, ...e } of batch.events) {
      if (e.seq <= this.cursor) continue;
      this.cursor = e.seq;
      const overtaken: LiveOvertaken[] = [];
      for (const [player, w] of this.ranks) {
        if (player === e.playerId) this.ranks.set(player, e.rank);
        else if (w !== null) {
          const moved = shiftRank(w, e);
          this.ranks.set(player, moved.rank);
          if (moved.overtaken) overtaken.push({ seq: e.seq, playerId: player, by: e.playerId, ...(e.displayName ? { byDisplayName: e.displayName } : {}), rank: moved.rank });
        }
      }
      this.broadcast({ type: 'entry', id: e.seq, data: e });
      for (const o of overtaken) this.broadcast({ type: 'overtaken', id: e.seq, data: o });
    }
    if (batch.events.length === 0 && !batch.gap) this.cursor = Math.max(this.cursor, batch.version);
  }

  /**
   * The pull of writes that did not come through the edge, every poll interval while anyone
   * watches: a Durable Object alarm, the platform's way to schedule an object's work.
   * The next alarm is set before this pull starts, so a slow origin answer (or a poke's pulls
   * this one waits behind) does not stretch the interval; if setting it fails, the handler throws
   * and the platform retries the alarm.
   */
  async alarm(): Promise<void> {
    if (this.conns.size === 0) return void (this.polling = false);
    await this.state.storage.setAlarm(Date.now() + this.cfg.pollMs);
    await this.kick().catch(() => undefined);
  }

  /**
   * A write the edge forwarded: its event is applied at once when it directly follows the last
   * event applied (same period, `prev` is the cursor), so an edge write costs no origin call here;
   * an event already applied is ignored; anything else (no event, a gap, another period) pulls,
   * and the pull puts the events in order or tells the watchers to refetch.
   */
  private async poked(poke: LivePoke | null): Promise<void> {
    if (poke && this.started) {
      await this.started;
      const action = pokeAction({ period: this.period, cursor: this.cursor }, poke);
      if (action === 'apply') return this.apply({ period: poke.period, version: poke.event.seq, gap: false, events: [poke.event] });
      if (action === 'skip') return;
    }
    await this.kick();
  }

  /** One pull at a time; a poke during a pull makes one more pull after it. */
  private kick(): Promise<void> {
    if (this.pulling) {
      this.again = true;
      return this.pulling;
    }
    this.pulling = (async () => {
      do {
        this.again = false;
        await this.pullNew();
      } while (this.again && this.conns.size > 0);
    })().finally(() => (this.pulling = null));
    return this.pulling;
  }

  private async pullNew(): Promise<void> {
    if (!this.started || this.conns.size === 0) return;
    await this.started;
    const requestId = crypto.randomUUID();
    try {
      const batch = await this.pull({ after: this.cursor, period: this.period }, requestId);
      this.apply(batch);
      if (batch.events.length >= 500) this.again = true;
    } catch (err) {
      if (err instanceof ApiError && err.code === 'board_not_found') {
        this.reset('deleted', this.cursor);
        for (const c of [...this.conns]) this.drop(c);
        this.started = null;
        return;
      }
      requestLog(requestId, this.cfg.devMode)('warn', 'live pull failed', { board: this.board, ...errorFields(err) });
    }
  }

  private async pull(q: { after?: number; period?: string }, requestId: string): Promise<LiveBatch> {
    const search = new URLSearchParams();
    if (q.after !== undefined) search.set('after', String(q.after));
    if (q.period) search.set('period', q.period);
    const res = await forwardToOrigin(this.env, { method: 'GET', pathAndQuery: `/internal/live/${this.board}?${search}`, headers: new Headers(), requestId });
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
      if (res.status === 404 && body?.error?.code === 'board_not_found') throw new ApiError('board_not_found', body.error.message ?? `Board "${this.board}" does not exist`);
      throw new ApiError('unavailable', 'The origin did not give the live events', undefined, 2);
    }
    return (await res.json()) as LiveBatch;
  }
}
