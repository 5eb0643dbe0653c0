/**
 * Request-body reading with a size cap (Function URLs refuse payloads over 6 MB).
 */
import type { IncomingMessage } from 'node:http';

/** 6 MB, the synchronous invocation payload limit of Lambda. */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

/**
 * Reads the whole body, or returns null as soon as it exceeds `limit` bytes (the rest is then
 * read and dropped, and the answer should close the connection). A request with neither
 * Content-Length nor Transfer-Encoding has no body in HTTP/1.1 (RFC 9112 §6.3): a GET, the
 * origin's reads, comes this way and is not read at all.
 */
export function readBodyLimited(req: IncomingMessage, limit: number): Promise<Uint8Array | null> {
  const declared = req.headers['content-length'];
  if (declared === undefined && req.headers['transfer-encoding'] === undefined) return Promise.resolve(new Uint8Array(0));
  if (declared !== undefined && Number(declared) > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer): void => {
      total += chunk.byteLength;
      if (total <= limit) return void chunks.push(chunk);
      // Stop keeping it: the rest is read and dropped (closing with unread data would reset the
      // connection before the client reads the answer), and the answer closes the connection.
      req.off('data', onData).off('end', onEnd).off('error', reject).resume();
      resolve(null);
    };
    const onEnd = (): void => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total));
    req.on('data', onData).once('end', onEnd).once('error', reject);
  });
}
