/**
 * The history figure: a sparkline of the player's rank after each change (their score when no
 * point has a rank yet), a caption and a table for screen readers.
 */
import type { PlayerHistory } from './api.ts';
import { BOX, rankSparklinePoints, sparklinePoints } from './chart-geometry.ts';
import { h, svg } from './dom.ts';
import { formatDateTime, formatInteger, showScore } from './format.ts';

type Point = PlayerHistory['points'][number];

/** What the figure shows: ranks when any point has one (the rollover records them about a minute after each write), else scores. */
export const historyMode = (points: Point[]): 'rank' | 'score' => (points.some((p) => p.rank !== null) ? 'rank' : 'score');

const showRank = (rank: number) => `#${formatInteger(rank)}`;

/** The figure's title and its text alternative, for `points` oldest first. */
export function historyText(points: Point[], name: string, better: 'up' | 'down', more: boolean): { title: string; caption: string } {
  const also = more ? ', the latest shown' : '';
  if (historyMode(points) === 'rank') {
    const ranked = points.filter((p): p is Point & { rank: number } => p.rank !== null);
    const first = ranked[0]!;
    const last = ranked.at(-1)!;
    const unranked = points.length - ranked.length;
    const gaps = unranked === 0 ? '' : ` ${formatInteger(unranked)} of the ${formatInteger(points.length)} changes ${unranked === 1 ? 'has' : 'have'} no recorded rank and ${unranked === 1 ? 'is' : 'are'} left out.`;
    const caption =
      ranked.length === 1
        ? `${name}'s rank is on record once this period: ${showRank(first.rank)} on ${formatDateTime(first.at)}, with ${showScore(first.score)}.${gaps}`
        : `${name}'s rank over ${formatInteger(ranked.length)} changes this period${also}: from ${showRank(first.rank)} on ${formatDateTime(first.at)} to ${showRank(last.rank)} on ${formatDateTime(last.at)}. The line rises as the rank improves; each rank is the place right after that change.${gaps}`;
    return { title: 'Rank history. ', caption };
  }
  const first = points[0];
  const last = points.at(-1);
  const caption = !first || !last
    ? `No change of ${name}'s score is on record for this period.`
    : points.length === 1
      ? `${name}'s score is on record once this period: ${showScore(first.score)} on ${formatDateTime(first.at)}.`
      : `${name}'s score over ${formatInteger(points.length)} changes this period${also}: from ${showScore(first.score)} on ${formatDateTime(first.at)} to ${showScore(last.score)} on ${formatDateTime(last.at)}. ${better === 'up' ? 'Higher' : 'Lower'} is better; the line rises as the score improves.`;
  return { title: 'Score history. ', caption };
}

/** Fills `figure` with `history` (newest first, as the API sends it); `better` says which way is an improvement on this board. */
export function renderHistory(figure: HTMLElement, history: PlayerHistory, name: string, better: 'up' | 'down'): void {
  const points = [...history.points].reverse();
  const mode = historyMode(points);
  const drawn = mode === 'rank' ? points.filter((p) => p.rank !== null) : points;
  const line = mode === 'rank' ? rankSparklinePoints(points) : sparklinePoints(points, better);
  const { title, caption } = historyText(points, name, better, history.nextCursor !== null);
  figure.dataset.shows = mode;
  figure.replaceChildren(
    h('figcaption', {}, h('strong', {}, title), caption),
    ...(line
      ? [
          svg('svg', { viewBox: `0 0 ${BOX.width} ${BOX.height}`, preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false' }, svg('polyline', { class: 'line', points: line })),
          h('p', { class: 'axis', 'aria-hidden': 'true' }, h('span', {}, formatDateTime(drawn[0]!.at)), h('span', {}, formatDateTime(drawn.at(-1)!.at))),
        ]
      : []),
    // A table ignores a 1 px width, so the wrapper is what hides it.
    h(
      'div',
      { class: 'visually-hidden' },
      h(
        'table',
        {},
        h('caption', {}, `${name}'s score and rank after each change, oldest first`),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'Score'), h('th', { scope: 'col' }, 'Rank'))),
        h(
          'tbody',
          {},
          ...points.map((p) => h('tr', { 'data-seq': String(p.seq) }, h('th', { scope: 'row' }, formatDateTime(p.at)), h('td', {}, showScore(p.score)), h('td', {}, p.rank === null ? 'not recorded' : showRank(p.rank)))),
        ),
      ),
    ),
  );
}
