/** The top list of a board: cursor paging (Previous/Next), live updates, empty/loading/error states. */
import { isUnavailable, paths, type EntriesPage, type LiveEntry } from './api.ts';
import { byId, setText } from './dom.ts';
import { describeChanges, liveRows } from './entries-table.ts';
import { formatInteger } from './format.ts';
import { LiveView } from './live-view.ts';
import { renderPodium } from './podium.ts';
import type { OriginNotice } from './origin-notice.ts';

export const PAGE_SIZE = 10;

export interface TopList {
  view: LiveView<EntriesPage>;
  /** Shows page 1 of a board (or nothing); `ordinal`: ranks are positions, so live events can be applied in place. */
  setBoard(board: string | null, ordinal?: boolean): void;
  /** A live `entry` event (docs/live.md): applied to page 1 in place, or the page is fetched again. */
  applyEntry(e: LiveEntry): void;
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
  let ordinal = true;
  let shown: EntriesPage | null = null;

  const setStatus = (text: string) => setText(status, text);

  const view = new LiveView<EntriesPage>({
    onData(data) {
      shown = data;
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

  const applyEntry = (e: LiveEntry) => {
    if (page !== 0 || !shown || !ordinal || e.rank === null) return void view.refresh();
    const entries = shown.entries.filter((x) => x.playerId !== e.playerId);
    if (e.rank <= PAGE_SIZE) {
      const metadata = e.displayName ? { displayName: e.displayName } : null;
      entries.splice(e.rank - 1, 0, { rank: e.rank, playerId: e.playerId, score: e.score, achievedAt: new Date().toISOString(), metadata });
    }
    const total = shown.total + (e.previousRank === null ? 1 : 0);
    const page1 = entries.slice(0, PAGE_SIZE).map((x, i) => ({ ...x, rank: i + 1 }));
    // Someone left the page and nobody came in from below: the page needs the next one's first entry.
    if (page1.length < Math.min(PAGE_SIZE, total) && shown.entries.length >= PAGE_SIZE) return void view.refresh();
    view.handlers.onData({ ...shown, entries: page1, total }, { body: null, status: 200, etag: null, cache: null, ageSeconds: null, boardSeq: e.seq, requestId: null, replayed: false });
  };

  return {
    view,
    applyEntry,
    setBoard(id, isOrdinal = true) {
      ordinal = isOrdinal;
      shown = null;
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
