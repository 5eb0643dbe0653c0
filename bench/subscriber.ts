/**
 * A lean Server-Sent Events subscriber for the live benchmark: node:http and a scan for each
 * frame's event and id. A thousand subscribers share the benchmark's one process, where a real
 * thousand run on a thousand machines; the tests' client (test/sse.ts: fetch, web streams and the
 * client package's parser) costs that process enough per frame that at 1,000 subscribers it would
 * time its own parsing more than the edge's fan-out.
 */
import { request } from 'node:http';

export interface Subscriber {
  status: number;
  /** The answer's body when the stream was refused. */
  body: string;
  /** When each `entry` event arrived (performance.now()), by its id. */
  entries: Map<string, number>;
  heartbeats: number;
  /** True once the stream ended (by the server, an error, or close()). */
  readonly ended: boolean;
  close(): void;
}

/** Opens `url` as an event stream; resolves once the answer's headers are in. */
export function subscribe(url: string): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: 'text/event-stream' }, agent: false }, (res) => {
      res.setEncoding('utf8');
      let ended = false;
      const s: Subscriber = {
        status: res.statusCode ?? 0,
        body: '',
        entries: new Map(),
        heartbeats: 0,
        get ended() {
          return ended;
        },
        close: () => req.destroy(),
      };
      const end = () => {
        ended = true;
      };
      res.on('end', end).on('close', end).on('error', end);
      if (s.status !== 200) {
        res.on('data', (chunk: string) => (s.body += chunk));
        res.on('end', () => resolve(s));
        return;
      }
      let buf = '';
      res.on('data', (chunk: string) => {
        const at = performance.now();
        buf += chunk;
        for (let cut = buf.indexOf('\n\n'); cut >= 0; cut = buf.indexOf('\n\n')) {
          const block = buf.slice(0, cut);
          buf = buf.slice(cut + 2);
          if (block.startsWith(': heartbeat')) s.heartbeats++;
          else if (block.startsWith('event: entry\nid: ')) s.entries.set(block.slice(17, block.indexOf('\n', 17)), at);
        }
      });
      resolve(s);
    });
    req.on('error', reject);
    req.end();
  });
}
