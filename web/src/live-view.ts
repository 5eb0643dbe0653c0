/**
 * Live views: each is one edge-cached GET kept current by conditional polling. A poll sends the
 * ETag of the copy on screen; the edge answers 304 from its cache until a write drops its views,
 * so a quiet board costs one cache lookup per view per tick and no origin traffic.
 */
import { LeaderboardError, conditionalGet, type Answer } from './api.ts';

export interface LiveViewHandlers<T> {
  /** New data: first load, or the edge's copy changed. */
  onData(body: T, answer: Answer<T>): void;
  /** Every answer, 304s included (for the origin-health notice). */
  onAnswer?(answer: Answer<T>): void;
  onError(error: LeaderboardError): void;
}

/** One polled view; `show(path)` switches what it shows, `show(null)` stops it. */
export class LiveView<T> {
  private path: string | null = null;
  private etag: string | null = null;
  private running: Promise<void> | null = null;
  private generation = 0;

  constructor(readonly handlers: LiveViewHandlers<T>) {}

  /** Shows a new path (forgetting the old copy) and loads it now. */
  show(path: string | null): Promise<void> {
    this.path = path;
    this.etag = null;
    this.generation++;
    this.running = null;
    return this.refresh();
  }

  get active(): boolean {
    return this.path !== null;
  }

  /** Asks the edge whether the view changed; skips when a request for it is still out. */
  refresh(): Promise<void> {
    if (!this.path) return Promise.resolve();
    if (!this.running) {
      const running = this.poll(this.path, this.generation).finally(() => {
        if (this.running === running) this.running = null;
      });
      this.running = running;
    }
    return this.running;
  }

  private async poll(path: string, generation: number): Promise<void> {
    try {
      const answer = await conditionalGet<T>(path, this.etag);
      if (generation !== this.generation) return; // the view moved on meanwhile
      this.etag = answer.etag;
      this.handlers.onAnswer?.(answer);
      if (answer.body !== null) this.handlers.onData(answer.body, answer);
    } catch (err) {
      if (generation !== this.generation) return;
      this.handlers.onError(err instanceof LeaderboardError ? err : new LeaderboardError(0, 'network', String(err)));
    }
  }
}

/** Polls every active view each `intervalMs` while the tab is visible; catches up at once when it shows again. */
export function pollWhileVisible(views: () => LiveView<unknown>[], intervalMs = 1000): () => void {
  const tick = () => {
    if (!document.hidden) for (const v of views()) if (v.active) void v.refresh();
  };
  const timer = setInterval(tick, intervalMs);
  const onVisibility = () => tick();
  document.addEventListener('visibilitychange', onVisibility);
  return () => {
    clearInterval(timer);
    document.removeEventListener('visibilitychange', onVisibility);
  };
}
