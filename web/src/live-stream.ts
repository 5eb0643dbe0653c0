/**
 * The board's live stream (docs/live.md): Server-Sent Events through EventSource, which
 * reconnects by itself and sends Last-Event-ID so nothing is missed. When the stream fails
 * (refused, or errors twice in a row), it is closed and the page falls back to polling; it is
 * tried again after RETRY_MS.
 */
import type { LiveEntry, LiveOvertaken } from './api.ts';

const RETRY_MS = 15_000;

export interface LiveStreamHandlers {
  onEntry?(e: LiveEntry): void;
  onOvertaken?(o: LiveOvertaken): void;
  /** A `reset` or `period`: what is on screen should be fetched again. */
  onRefetch?(): void;
  /** Whether the stream is up (false: fall back to polling). */
  onState?(live: boolean): void;
}

export class LiveStream {
  private source: EventSource | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private url: string | null = null;
  private failures = 0;
  private state: boolean | null = null;

  /** Whether the stream is up now. */
  get live(): boolean {
    return this.state === true;
  }

  constructor(private readonly handlers: LiveStreamHandlers) {}

  /** Watches `url` (a /stream path), or nothing. */
  open(url: string | null): void {
    if (url === this.url && this.source) return;
    this.stop();
    this.url = url;
    if (!url) return;
    if (typeof EventSource === 'undefined') return this.setLive(false);
    const source = new EventSource(url);
    this.source = source;
    source.onopen = () => {
      this.failures = 0;
      this.setLive(true);
    };
    source.addEventListener('entry', (ev) => this.handlers.onEntry?.(JSON.parse((ev as MessageEvent<string>).data) as LiveEntry));
    source.addEventListener('overtaken', (ev) => this.handlers.onOvertaken?.(JSON.parse((ev as MessageEvent<string>).data) as LiveOvertaken));
    for (const name of ['reset', 'period']) source.addEventListener(name, () => this.handlers.onRefetch?.());
    source.onerror = () => {
      if (source !== this.source) return;
      this.failures++;
      if (source.readyState !== EventSource.CLOSED && this.failures < 2) return; // EventSource reconnects by itself once
      source.close();
      this.source = null;
      this.setLive(false);
      this.retry = setTimeout(() => {
        this.retry = null;
        const again = this.url;
        this.url = null;
        this.open(again);
      }, RETRY_MS);
    };
  }

  private stop(): void {
    this.source?.close();
    this.source = null;
    this.state = null;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
  }

  private setLive(live: boolean): void {
    if (live === this.state) return;
    this.state = live;
    this.handlers.onState?.(live);
  }
}
