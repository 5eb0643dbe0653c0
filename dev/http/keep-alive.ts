/**
 * Idle keep-alive connections of the local servers outlast their clients' pools.
 *
 * A client that sends a request on a pooled connection at the moment the server closes it as idle
 * loses that request: workerd reports "Network connection lost" and, for a POST, does not send it
 * again. Node closes an idle connection after 5 s (`server.keepAliveTimeout`), and workerd keeps an
 * idle pooled connection for 5 s too (kj's `HttpClientSettings.idleTimeout`), so the two close at
 * about the same time, and on a loaded machine the client's timer runs late: the edge's call to the
 * Function URL emulator then failed now and then with the edge's 503 "The origin did not answer"
 * (cloudflare/workers-sdk#14641 and #15252 describe the same race inside `wrangler dev`).
 * With the server's idle timeout far above every client's, the client always closes first.
 */
import type { Server } from 'node:http';

/** How long the local servers keep an idle connection open: far longer than workerd's 5 s or undici's 4 s. */
export const SERVER_IDLE_MS = 65_000;

/** Applies {@link SERVER_IDLE_MS} to a Node HTTP server (headers may take a moment longer). */
export function outlastClientPools(server: Server): void {
  server.keepAliveTimeout = SERVER_IDLE_MS;
  server.headersTimeout = SERVER_IDLE_MS + 1_000;
}
