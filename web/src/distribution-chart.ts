/** The score distribution figure: a histogram of the board with the viewed player's bar marked, a caption and a table for screen readers. */
import type { Histogram } from './api.ts';
import { BOX, bucketOf, histogramBars, scoreX } from './chart-geometry.ts';
import { h, svg } from './dom.ts';
import { formatInteger, formatPercentile, showScore, showScoreWords } from './format.ts';

/** Whose place the figure marks, from their player view. */
export interface Standing {
  name: string;
  score: number;
  percentile: number;
  /** Players the percentile counts (the player view's total). */
  total: number;
}

const rangeText = (from: number, to: number) => (from === to ? showScore(from) : `${showScore(from)} to ${showScore(to)}`);

/** Fills `figure` with the distribution of `hist` and `who`'s place in it. */
export function renderDistribution(figure: HTMLElement, hist: Histogram, who: Standing): void {
  const mine = bucketOf(hist.buckets, who.score);
  const x = scoreX(hist.buckets, who.score);
  const plot = svg(
    'svg',
    { viewBox: `0 0 ${BOX.width} ${BOX.height}`, preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false' },
    ...histogramBars(hist.buckets, who.score).map((b) => svg('rect', { class: b.mine ? 'bar mine' : 'bar', x: b.x + b.width * 0.06, width: b.width * 0.88, y: BOX.height - b.height, height: b.height })),
    ...(x === null ? [] : [svg('line', { class: 'marker', x1: x, x2: x, y1: 0, y2: BOX.height })]),
  );
  const first = hist.buckets[0];
  const last = hist.buckets.at(-1);
  figure.replaceChildren(
    h(
      'figcaption',
      {},
      h('strong', {}, 'Score distribution. '),
      `${who.name} has ${showScoreWords(who.score)}, at or above ${formatPercentile(who.percentile)} of the ${formatInteger(who.total)} players; the line and the highlighted bar mark their place.`,
    ),
    plot,
    h('p', { class: 'axis', 'aria-hidden': 'true' }, h('span', {}, first ? showScore(first.from) : ''), h('span', {}, last ? showScore(last.to) : '')),
    // A table ignores a 1 px width, so the wrapper is what hides it.
    h(
      'div',
      { class: 'visually-hidden' },
      h(
        'table',
        {},
        h('caption', {}, `Players per score range; ${who.name} is in the marked range`),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Scores'), h('th', { scope: 'col' }, 'Players'))),
        h('tbody', {}, ...hist.buckets.map((b, i) => h('tr', {}, h('th', { scope: 'row' }, rangeText(b.from, b.to) + (i === mine ? ` (${who.name} is here)` : '')), h('td', {}, formatInteger(b.count))))),
      ),
    ),
  );
}
