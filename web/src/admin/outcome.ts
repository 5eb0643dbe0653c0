/** How the console shows an outcome, fills a table, and reacts when the admin key is refused. */
import { byId, h, setText } from '../dom.ts';
import { AdminFailure, describeFailure, setKey } from './api.ts';

/** Shows an outcome in a result box: `ok` in green, `error` (with the API's words) in red. */
export function report(el: HTMLElement, kind: 'ok' | 'error' | '', text: string): void {
  el.className = `result ${kind}`;
  setText(el, text);
}

/** Shows a failure; a refused key is dropped, so the operator is asked for it again. */
export function failed(el: HTMLElement, err: unknown): void {
  const keyInput = byId<HTMLInputElement>('admin-key');
  if (err instanceof AdminFailure && (err.status === 401 || err.status === 403)) {
    setKey(null);
    byId('forget-key').hidden = true;
    setText(byId('key-status'), 'The admin key was refused, and is forgotten. Enter it again.');
    keyInput.focus();
  }
  if (err instanceof AdminFailure && err.code === 'no_key') keyInput.focus();
  report(el, 'error', describeFailure(err));
}

/** The board the operations act on, or null (said in `el`) when none is chosen. */
export function chosenBoard(el: HTMLElement): string | null {
  const select = byId<HTMLSelectElement>('op-board');
  if (select.value) return select.value;
  report(el, 'error', 'Choose a board first.');
  select.focus();
  return null;
}

/** Replaces a table's rows (the first cell of each is its row header), or appends them; shows the table when it has rows. */
export function fillTable(table: HTMLTableElement, rows: (string | Node)[][], append = false): void {
  const body = table.tBodies[0]!;
  const trs = rows.map(([head, ...cells]) => h('tr', {}, h('th', { scope: 'row' }, head ?? ''), ...cells.map((c) => h('td', typeof c === 'string' && /^-?[\d,.]+$/.test(c) ? { class: 'num' } : {}, c))));
  if (append) body.append(...trs);
  else body.replaceChildren(...trs);
  table.hidden = body.rows.length === 0;
}
