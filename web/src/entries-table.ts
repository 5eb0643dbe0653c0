/** Renders entries into a table body: rank, movement, player, score, relative time; changed rows highlighted. */
import type { Entry } from './api.ts';
import { h, setText } from './dom.ts';
import { formatDateTime, formatInteger, formatRelative, showScore } from './format.ts';
import { describeMove, RankMemory, type Move } from './rank-memory.ts';

/** An entry as the page may receive it: `displayName` is shown instead of the id when the API sends one. */
export type ShownEntry = Entry & { displayName?: string | null };

/** The name to show for an entry: its display name when it has a non-blank one, else its player id. */
export function nameOf(e: ShownEntry): string {
  const name = typeof e.displayName === 'string' ? e.displayName.trim() : '';
  return name || e.playerId;
}

/** The player cell's content: the name, and the id beside it when a display name stands in for it. */
export function playerLabel(e: ShownEntry): Node[] {
  const name = nameOf(e);
  const nodes: Node[] = [h('span', { class: 'name' }, name)];
  if (name !== e.playerId) nodes.push(h('span', { class: 'pid' }, e.playerId));
  return nodes;
}

/** The rank cell: the rank, and under it an arrow with the places moved (with words for screen readers). */
export function rankCell(rank: number, move: Move | undefined): HTMLTableCellElement {
  const cell = h('th', { scope: 'row', class: 'num rank' }, h('span', { class: 'rank-n' }, formatInteger(rank)));
  const words = describeMove(move);
  if (!words) return cell;
  const kind = move === 'new' ? 'new' : (move as number) > 0 ? 'up' : 'down';
  const shown = move === 'new' ? 'new' : `${kind === 'up' ? '▲' : '▼'}${Math.abs(move as number)}`;
  cell.append(h('span', { class: `move ${kind}`, title: `${words} since you last looked` }, h('span', { 'aria-hidden': 'true' }, shown), h('span', { class: 'visually-hidden' }, `, ${words}`)));
  return cell;
}

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

/**
 * Replaces the rows of `tbody`; `changed` rows get the highlight, `current` is marked as the player
 * looked up, `moves` fills the movement column.
 */
export function renderEntries(tbody: HTMLTableSectionElement, entries: ShownEntry[], o: { changed?: Set<string>; current?: string; moves?: Map<string, Move> } = {}): void {
  tbody.replaceChildren(
    ...entries.map((e) => {
      const tr = h(
        'tr',
        { 'data-player': e.playerId },
        rankCell(e.rank, o.moves?.get(e.playerId)),
        h('td', { class: 'player' }, ...playerLabel(e)),
        h('td', { class: 'num score' }, showScore(e.score)),
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

/** What a live table shows: a page of a board's period. */
export interface ShownPage {
  board: string;
  period: string;
  entries: ShownEntry[];
}

/**
 * A table body that remembers what it showed: each `show` renders the entries with the rows that
 * changed since the last one highlighted, and returns those players. Rank movement counts from the
 * reader's last visit (RankMemory), then from the last poll. `reset` forgets (a new view).
 */
export function liveRows(tbody: HTMLTableSectionElement) {
  let shown: Shown | null = null;
  let memory: { key: string; ranks: RankMemory } | null = null;
  return {
    show(page: ShownPage, o: { current?: string } = {}): Set<string> {
      const { entries } = page;
      const changed = changedPlayers(shown, entries);
      shown = shownOf(entries);
      const key = `${page.board}\n${page.period}`;
      if (memory?.key !== key) memory = { key, ranks: new RankMemory(page.board, page.period) };
      renderEntries(tbody, entries, { changed, moves: memory.ranks.see(entries), ...o });
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
export function describeChanges(entries: ShownEntry[], changed: Set<string>, limit = 3): string {
  const moved = entries.filter((e) => changed.has(e.playerId));
  const parts = moved.slice(0, limit).map((e) => `${nameOf(e)} is now #${formatInteger(e.rank)} with ${showScore(e.score)}`);
  if (moved.length > limit) parts.push(`${moved.length - limit} more changed`);
  return parts.length ? `Updated: ${parts.join('; ')}.` : '';
}
