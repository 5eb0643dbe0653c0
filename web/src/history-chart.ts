/** The score history figure: a sparkline of the player's score after each change, a caption and a table for screen readers. */
import type { PlayerHistory } from './api.ts';
import { BOX, sparklinePoints } from './chart-geometry.ts';
import { h, svg } from './dom.ts';
import { formatDateTime, formatInteger, showScore } from './format.ts';

/** Fills `figure` with `history` (newest first, as the API sends it); `better` says which way is an improvement on this board. */
export function renderHistory(figure: HTMLElement, history: PlayerHistory, name: string, better: 'up' | 'down'): void {
  const points = [...history.points].reverse();
  const first = points[0];
  const last = points.at(-1);
  const line = sparklinePoints(points, better);
  const more = history.nextCursor ? ', the latest shown' : '';
  const caption = !first || !last
    ? `No change of ${name}'s score is on record for this period.`
    : points.length === 1
      ? `${name}'s score is on record once this period: ${showScore(first.score)} on ${formatDateTime(first.at)}.`
      : `${name}'s score over ${formatInteger(points.length)} changes this period${more}: from ${showScore(first.score)} on ${formatDateTime(first.at)} to ${showScore(last.score)} on ${formatDateTime(last.at)}. ${better === 'up' ? 'Higher' : 'Lower'} is better; the line rises as the score improves.`;
  figure.replaceChildren(
    h('figcaption', {}, h('strong', {}, 'Score history. '), caption),
    ...(line
      ? [
          svg('svg', { viewBox: `0 0 ${BOX.width} ${BOX.height}`, preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false' }, svg('polyline', { class: 'line', points: line })),
          h('p', { class: 'axis', 'aria-hidden': 'true' }, h('span', {}, formatDateTime(first!.at)), h('span', {}, formatDateTime(last!.at))),
        ]
      : []),
    // A table ignores a 1 px width, so the wrapper is what hides it.
    h(
      'div',
      { class: 'visually-hidden' },
      h(
        'table',
        {},
        h('caption', {}, `${name}'s score after each change, oldest first`),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'Score'))),
        h('tbody', {}, ...points.map((p) => h('tr', { 'data-seq': String(p.seq) }, h('th', { scope: 'row' }, formatDateTime(p.at)), h('td', {}, showScore(p.score))))),
      ),
    ),
  );
}
