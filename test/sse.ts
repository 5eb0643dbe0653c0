/** A small Server-Sent Events client over fetch, for the live stream's tests and benchmark; it parses with the client package's `sseEvents`. */
import { sseEvents } from '../client/src/index.ts';

export interface SseEvent {
  event: string;
  id: string | null;
  data: any;
  /** When it arrived (performance.now()). */
  at: number;
}

export interface SseStream {
  status: number;
  headers: Headers;
  /** The error body when the stream was refused. */
  body: any;
  events: SseEvent[];
  /** Comment lines received (heartbeats). */
  comments: string[];
  /** Waits until `pred` holds for the events received so far; throws after `timeoutMs`. */
  until(pred: (events: SseEvent[]) => boolean, timeoutMs?: number, what?: string): Promise<SseEvent[]>;
  close(): void;
  closed: Promise<void>;
  /** True once the stream ended (by the server, an error, or close()). */
  readonly ended: boolean;
}

/** Opens `url` as an event stream; resolves once the answer's headers are in. */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of waiters) w();
  };
  let ended = false;
  let closed: Promise<void> = Promise.resolve();
  let body: any = null;
  if (res.ok && res.body) {
    closed = (async () => {
      try {
        const onComment = (text: string) => {
          comments.push(text);
          notify();
        };
        for await (const e of sseEvents(res.body!, { onComment })) {
          events.push({ ...e, at: performance.now() });
          notify();
        }
      } catch {
        // Aborted by close().
      } finally {
        ended = true;
        notify();
      }
    })();
  } else {
    const text = await res.text();
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return {
    status: res.status,
    headers: res.headers,
    body,
    events,
    comments,
    closed,
    get ended() {
      return ended;
    },
    close: () => abort.abort(),
    until(pred, timeoutMs = 10_000, what = 'events') {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pred(events)) {
            done();
            resolve(events);
          } else if (ended) {
            done();
            reject(new Error(`stream ended before ${what}; got ${JSON.stringify(events.map((e) => [e.event, e.id]))}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(events.map((e) => [e.event, e.id]))}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
  };
}
