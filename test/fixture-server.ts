/**
 * A loopback HTTP server serving source fixtures for the sync tests: good, malformed, huge,
 * slow and flaky documents. It counts the hits per path.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FixtureServer {
  url: string;
  hits: (path: string) => number;
  /** Replaces the document served at a path. */
  serve: (path: string, body: unknown) => void;
  close: () => Promise<void>;
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const docs = new Map<string, string>();
  const counts = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    const n = (counts.get(path) ?? 0) + 1;
    counts.set(path, n);
    if (path === '/malformed') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"results": [ {"id": "a", "points": 1}, ');
    if (path === '/huge') {
      // 6 MiB, streamed without a content-length so only the reader's cap can stop it.
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, ' ');
      let sent = 0;
      const pump = () => {
        while (sent < 96) {
          sent += 1;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end('[]');
      };
      res.on('error', () => undefined);
      return pump();
    }
    if (path === '/slow') return void setTimeout(() => res.writeHead(200).end('[]'), 10_000).unref();
    if (path === '/flaky' && n === 1) return void res.writeHead(503).end('busy');
    if (path === '/missing') return void res.writeHead(404).end('no');
    const doc = docs.get(path === '/flaky' ? '/good' : path);
    if (doc === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(doc);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: (path) => counts.get(path) ?? 0,
    serve: (path, body) => docs.set(path, JSON.stringify(body)),
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
