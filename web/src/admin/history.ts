/** A board's audit log, period archives (with their stored results) and webhook deliveries, a page at a time. */
import { byId, h, setText } from '../dom.ts';
import { formatInteger } from '../format.ts';
import { adminApi, describeFailure } from './api.ts';
import { failed, fillTable } from './outcome.ts';
import { auditDetail, lastAttempt, when } from './reports.ts';

/**
 * One paged list: `load(board, cursor)` fetches a page and returns its rows and the next cursor.
 * "Load" starts from the newest; "Older" appends the next page while there is one.
 */
function pagedList<C>(name: string, load: (board: string, cursor: C | null) => Promise<{ rows: (string | Node)[][]; next: C | null; note: string }>): void {
  const table = byId<HTMLTableElement>(name);
  const status = byId(`${name}-status`);
  const more = byId<HTMLButtonElement>(`${name}-more`);
  let board = '';
  let next: C | null = null;
  const show = async (append: boolean) => {
    if (!append) {
      board = byId<HTMLSelectElement>('op-board').value;
      if (!board) return setText(status, 'Choose a board first.');
    }
    try {
      const page = await load(board, append ? next : null);
      fillTable(table, page.rows, append);
      next = page.next;
      more.hidden = next === null;
      status.className = 'muted';
      setText(status, page.note);
    } catch (err) {
      failed(status, err);
    }
  };
  byId(`${name}-load`).addEventListener('click', () => void show(false));
  more.addEventListener('click', () => void show(true));
}

pagedList<number>('audit', async (board, before) => {
  const page = await adminApi.audit(board, before);
  return {
    rows: page.records.map((r) => [when(r.at), r.action, auditDetail(r)]),
    next: page.next,
    note: page.records.length || before !== null ? `${board}: audit records, newest first.` : `${board} has no audit records yet (erasures are audited here; moderation above).`,
  };
});

const results = byId<HTMLTableElement>('results');
async function showResults(board: string, period: string, status: HTMLElement): Promise<void> {
  try {
    const r = await adminApi.results(board, period);
    setText(byId('results-caption'), `Results of ${board}, ${period}: top ${r.results.length} of ${formatInteger(r.entries)}, closed ${when(r.closedAt)}`);
    fillTable(results, r.results.map((e) => [String(e.rank), e.displayName ? `${e.displayName} (${e.playerId})` : e.playerId, formatInteger(e.score)]));
    if (r.results.length === 0) setText(status, `${period} closed with no entries.`);
  } catch (err) {
    results.hidden = true;
    setText(status, `Results of ${period}: ${describeFailure(err)}`);
  }
}

pagedList<string>('periods', async (board, cursor) => {
  const page = await adminApi.periods(board, cursor);
  const status = byId('periods-status');
  return {
    rows: page.periods.map((p) => {
      const cells: (string | Node)[] = [p.key, when(p.start), when(p.end), formatInteger(p.entries), p.state];
      if (p.state === 'closed') {
        const show = h('button', { type: 'button', class: 'secondary', 'aria-label': `Results of ${p.key}` }, 'Results');
        show.addEventListener('click', () => void showResults(board, p.key, status));
        cells.push(show);
      } else cells.push('');
      return cells;
    }),
    next: page.nextCursor,
    note: `${board}: periods newest first. A closed period's results are stored when it closes.`,
  };
});

pagedList<number>('hooks', async (board, before) => {
  const page = await adminApi.webhooks(board, before);
  return {
    rows: page.deliveries.map((d) => [String(d.id), d.period, d.status, String(d.attempts), when(d.createdAt), lastAttempt(d)]),
    next: page.next,
    note: page.webhook ? `${board} sends its results to ${page.webhook.url}.` : `${board} has no webhook${page.deliveries.length ? ' now' : ''}.`,
  };
});
