/**
 * Request-body reading with a size cap (Function URLs refuse payloads over 6 MB).
 */

/** 6 MB, the synchronous invocation payload limit of Lambda. */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

/** Reads the whole body, or returns null as soon as it exceeds `limit` bytes. */
export async function readBodyLimited(req: Request, limit: number): Promise<Uint8Array | null> {
  const declared = req.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) return null;
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
