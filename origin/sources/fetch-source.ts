/**
 * Fetches a source document: a timeout per attempt, a cap on the body size, and retries with
 * exponential backoff for what may pass (network errors, timeouts, 429 and 5xx). A 4xx other
 * than 429, a body over the cap or invalid JSON fail at once. The URL is checked first
 * (origin/sources/url-guard.ts), and a redirect is an error.
 */
import { checkSourceUrl } from './url-guard.ts';

export interface FetchSourceOptions {
  /** Only when the stack runs locally: sources on loopback (test fixtures), over http or https. */
  allowLoopback: boolean;
  timeoutMs: number;
  maxBytes: number;
  retries: number;
  backoffMs: number;
}

export class SourceError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}

async function readCapped(res: Response, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (declared > maxBytes) throw new SourceError(`Body of ${declared} bytes is over the ${maxBytes}-byte limit`, false);
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new SourceError(`Body is over the ${maxBytes}-byte limit`, false);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function attempt(url: string, o: FetchSourceOptions): Promise<unknown> {
  // Checked on every attempt: where the host points may change between attempts.
  await checkSourceUrl(url, { allowLoopback: o.allowLoopback });
  const signal = AbortSignal.timeout(o.timeoutMs);
  let res: Response;
  try {
    res = await fetch(url, { signal, redirect: 'error', headers: { accept: 'application/json' } });
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    throw new SourceError(timedOut ? `No answer within ${o.timeoutMs} ms` : `Fetch failed: ${err instanceof Error ? err.message : String(err)}`, true);
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new SourceError(`HTTP ${res.status}`, res.status === 429 || res.status >= 500);
  }
  let text: string;
  try {
    text = await readCapped(res, o.maxBytes);
  } catch (err) {
    if (err instanceof SourceError) throw err;
    throw new SourceError(`No complete body within ${o.timeoutMs} ms`, true);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SourceError('Body is not valid JSON', false);
  }
}

/** The parsed JSON document; throws SourceError after the last attempt. Reports each failed attempt. */
export async function fetchSource(url: string, o: FetchSourceOptions, onRetry?: (err: SourceError, attempt: number) => void): Promise<unknown> {
  for (let i = 0; ; i++) {
    try {
      return await attempt(url, o);
    } catch (err) {
      const e = err instanceof SourceError ? err : new SourceError(String(err), false);
      if (!e.retryable || i >= o.retries) throw e;
      onRetry?.(e, i + 1);
      const delay = o.backoffMs * 2 ** i;
      await new Promise((r) => setTimeout(r, delay + Math.random() * delay * 0.2));
    }
  }
}
