/**
 * Cloudflare's zone purge API, by cache tag: POST {apiBase}/zones/{zoneId}/purge_cache with
 * {"tags": [...]} and an API token holding the zone's "Cache Purge" permission
 * (https://developers.cloudflare.com/api/resources/cache/methods/purge/). Locally, apiBase points at
 * dev/cloudflare, which accepts the same call.
 */
export interface CloudflareConfig {
  apiBase: string;
  zoneId: string;
  apiToken: string;
  timeoutMs: number;
}

export type PurgeOutcome = { ok: true } | { ok: false; error: string };

/** Purges every cached response carrying one of `tags` at every location. Never throws. */
export async function purgeTags(cfg: CloudflareConfig, tags: string[]): Promise<PurgeOutcome> {
  let res: Response;
  try {
    res = await fetch(`${cfg.apiBase.replace(/\/+$/, '')}/zones/${encodeURIComponent(cfg.zoneId)}/purge_cache`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cfg.apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tags }),
      signal: AbortSignal.timeout(cfg.timeoutMs),
    });
  } catch (err) {
    return { ok: false, error: err instanceof Error && err.name === 'TimeoutError' ? 'timeout' : 'network error' };
  }
  const body = (await res.json().catch(() => null)) as { success?: boolean; errors?: { code?: number }[] } | null;
  if (res.ok && body?.success === true) return { ok: true };
  const codes = (body?.errors ?? []).map((e) => e.code).filter((c) => typeof c === 'number');
  return { ok: false, error: `status ${res.status}${codes.length ? ` (codes ${codes.join(',')})` : ''}` };
}
