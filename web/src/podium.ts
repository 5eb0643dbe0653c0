/** The podium: the top three of the board, drawn as steps (2nd, 1st, 3rd), read in rank order. */
import { h } from './dom.ts';
import { nameOf, type ShownEntry } from './entries-table.ts';
import { showScore } from './format.ts';

const PLACES = ['1st', '2nd', '3rd'];

/** Fills the podium list with the first three entries (fewer when the board has fewer); hides it when empty. */
export function renderPodium(list: HTMLOListElement, entries: ShownEntry[]): void {
  const top = entries.filter((e) => e.rank <= 3).slice(0, 3);
  list.hidden = top.length === 0;
  list.replaceChildren(
    ...top.map((e) =>
      h(
        'li',
        { class: `place place-${e.rank}`, 'data-player': e.playerId },
        h('span', { class: 'pos' }, PLACES[e.rank - 1] ?? `#${e.rank}`),
        h('span', { class: 'name', title: e.playerId }, nameOf(e)),
        h('span', { class: 'score' }, showScore(e.score)),
        h('span', { class: 'step', 'aria-hidden': 'true' }, String(e.rank)),
      ),
    ),
  );
}
