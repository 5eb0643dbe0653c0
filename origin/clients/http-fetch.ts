/**
 * A `fetch` for supabase-js over node:http and node:https with keep-alive agents.
 *
 * Node's global fetch (undici) costs about three times the CPU of node:http for the same small
 * JSON request: it streams every body through a WHATWG ReadableStream and writes it in pieces,
 * and builds a Request, an AbortSignal and a Response around each call. The origin makes one
 * PostgREST call per write, so that difference was about a tenth of the origin's CPU per write
 * (docs/write-path.md, "The origin's CPU per write"). This sends the body in one write and hands
 * supabase-js a standard Response. Anything it does not handle (a Request object, a streamed or
 * form body) goes to the global fetch.
 */
import http from 'node:http';
import https from 'node:https';

export interface HttpFetchOptions {
  /** Every call fails with a TimeoutError after this long, so a hung database becomes a clean 503. */
  timeoutMs: number;
  /** For tests: the agent for https URLs (e.g. trusting a test CA). */
  httpsAgent?: https.Agent;
}

/** Statuses whose response has no body (the Response constructor refuses one). */
const NULL_BODY = new Set([101, 204, 205, 304]);

const timeoutError = (ms: number): Error => Object.assign(new Error(`The request timed out after ${ms} ms`), { name: 'TimeoutError' });

/** A header list as node:http takes it, from any form of HeadersInit. */
function headerObject(h: RequestInit['headers']): Record<string, string> {
  if (!h) return {};
  if (h instanceof Headers || Array.isArray(h)) return Object.fromEntries(h);
  return h as Record<string, string>;
}

export function createHttpFetch(o: HttpFetchOptions): typeof fetch {
  // Idle sockets are closed after 4 s (undici's default), or sooner when the server's
  // Keep-Alive header says so (node:http's agent honours it).
  const agents = {
    'http:': new http.Agent({ keepAlive: true, timeout: 4000 }),
    'https:': o.httpsAgent ?? new https.Agent({ keepAlive: true, timeout: 4000 }),
  };
  return (input, init) => {
    const body = init?.body;
    const simpleBody = body === undefined || body === null || typeof body === 'string' || body instanceof Uint8Array;
    if (input instanceof Request || !simpleBody) return fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(o.timeoutMs) });
    const url = input instanceof URL ? input : new URL(input);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new TypeError(`unsupported protocol ${url.protocol}`));
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) return Promise.reject(signal.reason);
    // One deadline for the call, a second attempt included.
    const deadline = Date.now() + o.timeoutMs;
    const transport = url.protocol === 'https:' ? https : http;
    const options = { method: init?.method ?? 'GET', headers: headerObject(init?.headers), agent: agents[url.protocol] };
    const send = (retried: boolean): Promise<Response> =>
      new Promise<Response>((resolve, reject) => {
        let answered = false;
        let failed = false;
        const req = transport.request(url, options, (res) => {
          answered = true;
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', fail);
          res.on('end', () => {
            done();
            const status = res.statusCode ?? 502;
            const headers = new Headers();
            for (let i = 0; i < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
            resolve(new Response(NULL_BODY.has(status) ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers }));
          });
        });
        const timer = setTimeout(() => fail(timeoutError(o.timeoutMs)), Math.max(0, deadline - Date.now()));
        const onAbort = () => fail(signal?.reason);
        signal?.addEventListener('abort', onAbort, { once: true });
        function done() {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        }
        function fail(err: unknown) {
          if (failed) return;
          failed = true;
          done();
          req.destroy();
          // A kept-alive socket the server closed while it was idle fails before any answer:
          // the request never reached the server, so it is sent once more on a new socket.
          const reset = (err as NodeJS.ErrnoException | undefined)?.code === 'ECONNRESET' && req.reusedSocket && !answered && !retried;
          if (reset) resolve(send(true));
          else reject(err);
        }
        req.on('error', fail);
        req.end(body ?? undefined);
      });
    return send(false);
  };
}
