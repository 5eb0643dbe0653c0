/** The top list of a board: cursor paging (Previous/Next), live updates, empty/loading/error states. */
import { isUnavailable, paths, type EntriesPage } from './api.ts';
import { byId, setText } from './dom.ts';
import { describeChanges, liveRows } from './entries-table.ts';
import { formatInteger } from './format.ts';
import { LiveView } from './live-view.ts';
import { renderPodium } from './podium.ts';
import type { OriginNotice } from './origin-notice.ts';

export const PAGE_SIZE = 10;

export interface TopList {
  view: LiveView<EntriesPage>;
  /** Shows page 1 of a board (or nothing). */
  setBoard(board: string | null): void;
}

/** Wires the top-list section of the page. */
export function topList(notice: OriginNotice): TopList {
  const table = byId<HTMLTableElement>('top');
  const rows = liveRows(table.tBodies[0]!);
  const status = byId('top-status');
  const pageInfo = byId('page-info');
  const prev = byId<HTMLButtonElement>('prev');
  const next = byId<HTMLButtonElement>('next');
  const podium = byId<HTMLOListElement>('podium');

  let board: string | null = null;
  // cursors[i] is the cursor of page i; page 0 has none.
  let cursors: (string | null)[] = [null];
  let page = 0;
  let hasData = false;

  const setStatus = (text: string) => setText(status, text);

  const view = new LiveView<EntriesPage>({
    onData(data) {
      const changed = rows.show(data);
      // The podium follows the first page; on later pages it keeps the last top three it saw.
      if (page === 0) renderPodium(podium, data.entries);
      hasData = true;
      table.removeAttribute('aria-busy');
      cursors[page + 1] = data.nextCursor;
      prev.disabled = page === 0;
      next.disabled = !data.nextCursor;
      const first = page * PAGE_SIZE + 1;
      pageInfo.textContent = data.entries.length
        ? `${formatInteger(first)}–${formatInteger(first + data.entries.length - 1)} of ${formatInteger(data.total)}`
        : `${formatInteger(data.total)} players`;
      table.hidden = data.entries.length === 0;
      if (data.entries.length === 0) setStatus(page === 0 ? 'No scores in this period yet.' : 'No more entries.');
      else setStatus(describeChanges(data.entries, changed));
    },
    onAnswer: (a) => notice.answered(a.cache, a.ageSeconds),
    onError(err) {
      if (err.status === 410 && board) {
        // The snapshot this walk was pinned to expired (docs/paging.md): start again from page 1.
        cursors = [null];
        setStatus('The standings moved on; back to the first page.');
        showPage(0);
        return;
      }
      table.removeAttribute('aria-busy');
      if (isUnavailable(err)) notice.failed(err.message, hasData);
      if (!hasData || !isUnavailable(err)) {
        table.hidden = true;
        setStatus(`Could not load the leaderboard: ${err.message}.`);
      }
    },
  });

  const showPage = (to: number) => {
    if (!board) return;
    page = to;
    rows.reset();
    table.setAttribute('aria-busy', 'true');
    void view.show(paths.entries(board, PAGE_SIZE, cursors[page] ?? null));
  };

  prev.addEventListener('click', () => showPage(Math.max(0, page - 1)));
  next.addEventListener('click', () => {
    if (cursors[page + 1]) showPage(page + 1);
  });

  return {
    view,
    setBoard(id) {
      board = id;
      cursors = [null];
      hasData = false;
      prev.disabled = next.disabled = true;
      pageInfo.textContent = '';
      renderPodium(podium, []);
      if (!id) {
        table.hidden = true;
        void view.show(null);
        return;
      }
      setStatus('Loading…');
      showPage(0);
    },
  };
}
