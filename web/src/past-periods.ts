/**
 * Past periods of the board on show (GET /api/boards/{b}/periods), newest first, and the final
 * standings of the one picked (GET …/periods/{key}/results): who won last week.
 */
import type { PeriodResults, PeriodsPage } from '../../client/src/index.ts';
import { api, LeaderboardError } from './api.ts';
import { byId, h, setText } from './dom.ts';
import { formatDateTime, showScore } from './format.ts';

/** How many closed periods the panel lists, and how many places of each it shows. */
const PERIODS = 5;
const PLACES = 10;

/** A period's dates in words, e.g. "24 Nov 2026, 00:00 – 1 Dec 2026, 00:00". */
export function periodLabel(p: { key: string; start: string | null; end: string | null }): string {
  return p.start && p.end ? `${formatDateTime(p.start)} – ${formatDateTime(p.end)}` : p.key;
}

export function pastPeriods(): { setBoard: (board: string | null) => void } {
  const section = byId('past-section');
  const list = byId<HTMLUListElement>('past-periods');
  const status = byId('past-status');
  const table = byId<HTMLTableElement>('past-results');
  const caption = byId('past-caption');
  let current: string | null = null;

  async function showResults(board: string, key: string, label: string): Promise<void> {
    setText(status, 'Loading…');
    try {
      const r: PeriodResults = await api.results(board, key);
      if (current !== board) return;
      setText(caption, `Final standings, ${label}: ${r.entries} ${r.entries === 1 ? 'player' : 'players'}`);
      table.tBodies[0]!.replaceChildren(
        ...r.results.slice(0, PLACES).map((e) => h('tr', {}, h('td', { class: 'num' }, String(e.rank)), h('td', {}, e.displayName ?? e.playerId), h('td', { class: 'num' }, showScore(e.score)))),
      );
      table.hidden = false;
      setText(status, r.results.length === 0 ? 'Nobody scored in that period.' : '');
    } catch (err) {
      table.hidden = true;
      setText(status, err instanceof LeaderboardError && err.status === 404 ? 'The results of that period are not ready yet.' : 'Could not load the results.');
    }
  }

  async function load(board: string): Promise<void> {
    const page: PeriodsPage = await api.periods(board, { limit: PERIODS + 1 });
    if (current !== board) return;
    const closed = page.periods.filter((p) => p.state === 'closed').slice(0, PERIODS);
    section.hidden = closed.length === 0;
    section.dataset.board = board; // the list shown is this board's (tests wait for it)
    table.hidden = true;
    setText(status, '');
    list.replaceChildren(
      ...closed.map((p) => {
        const label = periodLabel(p);
        const pick = h('button', { type: 'button', class: 'link' }, label);
        pick.addEventListener('click', () => void showResults(board, p.key, label));
        return h('li', {}, pick, ' ', h('span', { class: 'muted' }, `${p.entries} ${p.entries === 1 ? 'player' : 'players'}`));
      }),
    );
  }

  return {
    setBoard(board) {
      current = board;
      section.hidden = true;
      delete section.dataset.board;
      if (board) load(board).catch(() => undefined);
    },
  };
}
