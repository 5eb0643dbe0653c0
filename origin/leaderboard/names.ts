/**
 * Display names (docs/moderation.md "Display names"): set with PUT /api/players/{id}/profile,
 * and attached to every entry of every view at read time, from the projection's names hash or,
 * when Valkey can't answer, from the record. A name never fails a read: without one, the entry
 * is answered without `displayName`.
 */
import { ApiError, type Principal, type Profile } from '../../core/index.ts';
import type { Deps } from './deps.ts';

const LOAD_PAGE = 1000;

async function* profilePages(deps: Deps): AsyncGenerator<[string, string][]> {
  for (let after = ''; ; ) {
    const page = await deps.record.profileExport(after, LOAD_PAGE);
    yield page;
    if (page.length < LOAD_PAGE) return;
    after = page.at(-1)![0];
  }
}

/** The display names of those players that have one. */
async function namesOf(deps: Deps, players: string[]): Promise<Map<string, string>> {
  try {
    const names = (await deps.projection()).names;
    const found = await names.get(players);
    if (found) return found;
    if (await names.load(profilePages(deps))) {
      const loaded = await names.get(players);
      if (loaded) return loaded;
    }
  } catch (err) {
    deps.log('warn', 'names unavailable in Valkey, reading them from the record', { error: String(err) });
  }
  return new Map(Object.entries(await deps.record.profileNames(players)));
}

/** The entries with `displayName` where the player has one; unchanged when no store can say. */
export async function withNames<T extends { playerId: string }>(deps: Deps, entries: T[]): Promise<(T & { displayName?: string })[]> {
  if (entries.length === 0) return entries;
  return namesFor(deps, entries.map((e) => e.playerId))(entries);
}

/**
 * Starts looking up the names of `players` now, and returns what attaches them to entries later:
 * a read that knows its players before it reads (a player, a friends list) looks their names up
 * alongside the read instead of after it. A name never fails a read (nor an unhandled rejection).
 */
export function namesFor(deps: Deps, players: string[]): <T extends { playerId: string }>(entries: T[]) => Promise<(T & { displayName?: string })[]> {
  const lookup = namesOf(deps, [...new Set(players)]).catch((err: unknown) => {
    deps.log('warn', 'display names unavailable; answering without them', { error: String(err) });
    return null;
  });
  return async (entries) => {
    const names = await lookup;
    if (!names) return entries;
    return entries.map((e) => {
      const displayName = names.get(e.playerId);
      return displayName === undefined ? e : { ...e, displayName };
    });
  };
}

/**
 * PUT /api/players/{playerId}/profile: a player sets their own name, a game server or the admin
 * anyone's. The record first, then the names hash; if Valkey fails, the name is kept but not yet
 * shown, and the call answers 503 so the client retries (setting the same name again is harmless).
 */
export async function setDisplayName(deps: Deps, playerId: string, displayName: string, principal: Principal): Promise<Profile> {
  if (principal.kind === 'player' && principal.playerId !== playerId) throw new ApiError('forbidden', "A player may only set their own display name");
  const profile = await deps.record.profileSet(playerId, displayName);
  try {
    await (await deps.projection()).names.set(playerId, profile.displayName);
  } catch (err) {
    deps.log('warn', 'display name saved, but not in Valkey', { error: String(err) });
    throw new ApiError('unavailable', 'The name was saved but is not shown yet; send it again', undefined, 1);
  }
  return profile;
}
