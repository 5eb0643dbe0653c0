/** Renders entries into a table body: rank, player, score, relative time; changed rows highlighted. */
import type { Entry } from './api-client.ts';
import { h, setText } from './dom.ts';
import { formatDateTime, formatInteger, formatRelative } from './format.ts';

/** What a table showed last: player id -> score and rank. */
export type Shown = Map<string, { score: number; rank: number }>;

/** The players whose row is new or whose score or rank moved since `before` (none on a first render). */
export function changedPlayers(before: Shown | null, entries: Entry[]): Set<string> {
  const changed = new Set<string>();
  if (!before) return changed;
  for (const e of entries) {
    const was = before.get(e.playerId);
    if (!was || was.score !== e.score || was.rank !== e.rank) changed.add(e.playerId);
  }
  return changed;
}

/** Records what a table now shows. */
export const shownOf = (entries: Entry[]): Shown => new Map(entries.map((e) => [e.playerId, { score: e.score, rank: e.rank }]));

/** A `<time>` that refreshRelativeTimes() keeps current. */
function relativeTime(iso: string): HTMLTimeElement {
  return h('time', { datetime: iso, title: formatDateTime(iso), class: 'rel' }, formatRelative(iso));
}

/** Replaces the rows of `tbody`; `changed` rows get the highlight, `current` is marked as the player looked up. */
export function renderEntries(tbody: HTMLTableSectionElement, entries: Entry[], o: { changed?: Set<string>; current?: string } = {}): void {
  tbody.replaceChildren(
    ...entries.map((e) => {
      const tr = h(
        'tr',
        { 'data-player': e.playerId },
        h('th', { scope: 'row', class: 'num rank' }, formatInteger(e.rank)),
        h('td', { class: 'player' }, e.playerId),
        h('td', { class: 'num score' }, formatInteger(e.score)),
        h('td', { class: 'when' }, relativeTime(e.achievedAt)),
      );
      if (o.changed?.has(e.playerId)) tr.classList.add('changed');
      if (o.current === e.playerId) {
        tr.classList.add('current');
        tr.setAttribute('aria-current', 'true');
      }
      return tr;
    }),
  );
}

/**
 * A table body that remembers what it showed: each `show` renders the entries with the rows that
 * changed since the last one highlighted, and returns those players. `reset` forgets (a new view).
 */
export function liveRows(tbody: HTMLTableSectionElement) {
  let shown: Shown | null = null;
  return {
    show(entries: Entry[], o: { current?: string } = {}): Set<string> {
      const changed = changedPlayers(shown, entries);
      shown = shownOf(entries);
      renderEntries(tbody, entries, { changed, ...o });
      return changed;
    },
    reset(): void {
      shown = null;
    },
  };
}

/** Re-words every relative time on the page ("5 seconds ago" -> "1 minute ago"). */
export function refreshRelativeTimes(root: ParentNode = document): void {
  for (const t of root.querySelectorAll<HTMLTimeElement>('time.rel')) {
    setText(t, formatRelative(t.dateTime));
  }
}

/** A short sentence for screen readers about what changed, e.g. "alice is now #1 with 42." */
export function describeChanges(entries: Entry[], changed: Set<string>, limit = 3): string {
  const moved = entries.filter((e) => changed.has(e.playerId));
  const parts = moved.slice(0, limit).map((e) => `${e.playerId} is now #${formatInteger(e.rank)} with ${formatInteger(e.score)}`);
  if (moved.length > limit) parts.push(`${moved.length - limit} more changed`);
  return parts.length ? `Updated: ${parts.join('; ')}.` : '';
}
