/** The embeddable widget: a board's top N, live, in a page small enough for an iframe. */
import { api, isUnavailable, paths, type EntriesPage } from '../api.ts';
import { byId, h, setText } from '../dom.ts';
import { nameOf, rankCell } from '../entries-table.ts';
import { showScore, useScoreFormat } from '../format.ts';
import { LiveView, pollWhileVisible } from '../live-view.ts';
import { parseEmbed } from './params.ts';

const params = parseEmbed(location.pathname, location.search);
if (params.theme) document.documentElement.dataset.theme = params.theme;

const title = byId('title');
const status = byId('status');
const table = byId<HTMLTableElement>('top');
const tbody = table.tBodies[0]!;
const full = byId<HTMLAnchorElement>('full');

const view = new LiveView<EntriesPage>({
  onData(data) {
    tbody.replaceChildren(
      ...data.entries.map((e) =>
        h('tr', { 'data-player': e.playerId }, rankCell(e.rank, undefined), h('td', { class: 'player' }, h('span', { class: 'name' }, nameOf(e))), h('td', { class: 'num score' }, showScore(e.score))),
      ),
    );
    table.hidden = data.entries.length === 0;
    setText(status, data.entries.length ? '' : 'No scores in this period yet.');
    status.hidden = data.entries.length > 0;
  },
  onError(err) {
    // Keep the rows on screen through an outage; say so only when there is nothing to show.
    if (!table.hidden && isUnavailable(err)) return;
    table.hidden = true;
    status.hidden = false;
    setText(status, err.code === 'board_not_found' ? 'This board does not exist.' : `Could not load the leaderboard: ${err.message}.`);
  },
});

if (params.problem || !params.board) {
  setText(status, params.problem ?? '');
} else {
  const board = params.board;
  full.href = `/?board=${encodeURIComponent(board)}`;
  // The board first, so the first rows already show scores in its format.
  void api.board(board)
    .then((b) => {
      title.textContent = b.name;
      document.title = `${b.name}: top ${params.top}`;
      useScoreFormat(b.scoreFormat);
    })
    .catch(() => undefined)
    .then(() => view.show(paths.entries(board, params.top, null)));
  pollWhileVisible(() => [view as LiveView<unknown>]);
}
