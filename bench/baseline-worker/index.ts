/** A Worker that answers every request with one constant JSON body of BODY_BYTES bytes. */
let body: string | undefined;

/** A JSON object of exactly `bytes` bytes (at least 12). */
function constantBody(bytes: number): string {
  const shell = '{"pad":""}';
  return `{"pad":"${'x'.repeat(Math.max(0, bytes - shell.length))}"}`;
}

export default {
  fetch(_request: Request, env: { BODY_BYTES?: string }): Response {
    body ??= constantBody(Number(env.BODY_BYTES) || 1024);
    return new Response(body, { headers: { 'content-type': 'application/json; charset=utf-8' } });
  },
};
