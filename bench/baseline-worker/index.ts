/**
 * The baseline of the edge cache case: a Worker that answers every request with one constant JSON
 * body of BODY_BYTES bytes, and writes the one request log line per request that the edge writes
 * (edge/logger.ts), so that both pay the local runtime's log relay alike (docs/performance.md).
 */
let body: string | undefined;

/** A JSON object of exactly `bytes` bytes (at least 12). */
function constantBody(bytes: number): string {
  const shell = '{"pad":""}';
  return `{"pad":"${'x'.repeat(Math.max(0, bytes - shell.length))}"}`;
}

export default {
  fetch(request: Request, env: { BODY_BYTES?: string }): Response {
    body ??= constantBody(Number(env.BODY_BYTES) || 1024);
    const started = Date.now();
    const res = new Response(body, { headers: { 'content-type': 'application/json; charset=utf-8' } });
    console.info(
      JSON.stringify({ level: 'INFO', message: 'request', timestamp: new Date().toISOString(), service: 'bench-baseline', requestId: crypto.randomUUID(), method: request.method, path: new URL(request.url).pathname, status: 200, ms: Date.now() - started, cache: null }),
    );
    return res;
  },
};
