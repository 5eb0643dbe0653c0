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
  return attach(entries, await lookup(deps, entries.map((e) => e.playerId)));
}

/** Looks up the names of `players`; null when no store can say (a name never fails a read, nor leaves an unhandled rejection). */
function lookup(deps: Deps, players: string[]): Promise<Map<string, string> | null> {
  return namesOf(deps, [...new Set(players)]).catch((err: unknown) => {
    deps.log('warn', 'display names unavailable; answering without them', { error: String(err) });
    return null;
  });
}

/** The entries with `displayName` from `names`; unchanged when the lookup failed. */
function attach<T extends { playerId: string }>(entries: T[], names: Map<string, string> | null): (T & { displayName?: string })[] {
  if (!names) return entries;
  return entries.map((e) => {
    const displayName = names.get(e.playerId);
    return displayName === undefined ? e : { ...e, displayName };
  });
}

/**
 * Starts looking up the names of `players` now, and returns what attaches them to entries later:
 * a read that knows its players before it reads (a player, a friends list) looks their names up
 * alongside the read instead of after it.
 */
export function namesFor(deps: Deps, players: string[]): <T extends { playerId: string }>(entries: T[]) => Promise<(T & { displayName?: string })[]> {
  const names = lookup(deps, players);
  return async (entries) => attach(entries, await names);
}

/** Pages whose players this instance remembers for namesForPage; the oldest is forgotten first. */
const REMEMBERED_PAGES = 512;
const shownOn = new Map<string, string[]>();

function remember(page: string, players: string[]): void {
  shownOn.delete(page);
  shownOn.set(page, players);
  if (shownOn.size > REMEMBERED_PAGES) shownOn.delete(shownOn.keys().next().value!);
}

/**
 * namesFor for a read that learns its players only from the read itself (a top page, a player's
 * neighbours), so its names would cost a second round trip after it. `page` names the read (its
 * board, period and parameters): the players that page showed last time in this instance are
 * looked up alongside the read, and after it only those it shows that were not among them.
 * A popular page changes little between reads, so it usually costs no second round trip. The
 * guess only decides when a name is asked for, never which name is shown: every name is read
 * during this request, as fresh as a lookup after the read.
 */
export function namesForPage(deps: Deps, page: string): <T extends { playerId: string }>(entries: T[]) => Promise<(T & { displayName?: string })[]> {
  const guess = shownOn.get(page) ?? [];
  const early = guess.length > 0 ? lookup(deps, guess) : null;
  return async (entries) => {
    const players = entries.map((e) => e.playerId);
    if (players.length === 0) return entries;
    remember(page, players);
    const guessed = new Set(guess);
    const rest = players.filter((p) => !guessed.has(p));
    const [found, more] = await Promise.all([early, rest.length > 0 ? lookup(deps, rest) : null]);
    // A page answers all its names or none: a failed lookup leaves the whole page without them.
    if ((early && !found) || (rest.length > 0 && !more)) return entries;
    return attach(entries, new Map([...(found ?? []), ...(more ?? [])]));
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
