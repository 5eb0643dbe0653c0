/**
 * Local development only: which cache keys this Worker stored under each Cache-Tag, so the local
 * Cloudflare purge API (dev/cloudflare) can clear them through /api/dev/cache/purge. Miniflare's
 * Cache API has no purge by tag; on Cloudflare, the zone purge API does this itself and this index
 * is never filled (it is used only when DEV_MODE is "true").
 */
const byTag = new Map<string, Set<string>>();

/** Notes that a copy was stored under `key` with `tags`. */
export function indexCopy(key: string, tags: string[]): void {
  for (const tag of tags) {
    const keys = byTag.get(tag.toLowerCase()) ?? new Set<string>();
    keys.add(key);
    byTag.set(tag.toLowerCase(), keys);
  }
}

/** Deletes every indexed copy with one of `tags` (or every copy) from the cache; returns how many went. */
export async function purgeIndexed(cache: { delete(key: string): Promise<boolean> }, purge: { tags?: string[]; everything?: boolean }): Promise<number> {
  const keys = new Set<string>();
  const tags = purge.everything ? [...byTag.keys()] : (purge.tags ?? []).map((t) => t.toLowerCase());
  for (const tag of tags) for (const key of byTag.get(tag) ?? []) keys.add(key);
  for (const tag of tags) byTag.delete(tag);
  let deleted = 0;
  for (const key of keys) if (await cache.delete(key)) deleted++;
  return deleted;
}
