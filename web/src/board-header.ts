/** The board picker (GET /api/boards), the current period and the countdown to its reset. */
import { isBoardId } from '../../core/index.ts';
import { callApi, paths, type Board } from './api-client.ts';
import { byId, h } from './dom.ts';
import { formatCountdown, formatDateTime } from './format.ts';

export interface BoardHeader {
  /** Loads the list of boards; resolves with the one to show first (from ?board=, else the first). */
  load(): Promise<string | null>;
  /** Loads and shows one board's details. */
  select(id: string): Promise<Board>;
  /** Advances the countdown; true once the period has ended (time to reload). */
  tick(now?: number): boolean;
}

const labelOf = (b: Board) => (b.name === b.id ? b.id : `${b.name} (${b.id})`);

const RESET_WORDS: Record<Board['reset'], string> = { never: 'never resets', daily: 'resets daily', weekly: 'resets weekly', monthly: 'resets monthly' };

/** Wires the header; `onPick` runs when the reader picks another board. */
export function boardHeader(onPick: (id: string) => void): BoardHeader {
  const select = byId<HTMLSelectElement>('board');
  const period = byId('period');
  const countdown = byId<HTMLTimeElement>('countdown');
  const countdownLine = byId('countdown-line');
  let nextResetAt: string | null = null;

  select.addEventListener('change', () => {
    const url = new URL(location.href);
    url.searchParams.set('board', select.value);
    history.replaceState(null, '', url);
    onPick(select.value);
  });

  return {
    async load() {
      const { boards } = await callApi<{ boards: Board[] }>(paths.boards());
      select.replaceChildren(...boards.map((b) => h('option', { value: b.id }, labelOf(b))));
      const wanted = new URLSearchParams(location.search).get('board');
      // The list is edge-cached, so a board created a moment ago may be missing from it: a link to it still works.
      if (wanted && isBoardId(wanted) && !boards.some((b) => b.id === wanted)) select.append(h('option', { value: wanted }, wanted));
      const first = wanted && isBoardId(wanted) ? wanted : boards[0]?.id;
      select.disabled = !first;
      if (first) select.value = first;
      return first ?? null;
    },
    async select(id) {
      select.value = id;
      const board = await callApi<Board>(paths.board(id));
      const option = [...select.options].find((o) => o.value === id);
      if (option) option.textContent = labelOf(board);
      period.textContent = `Period ${board.currentPeriod} · ${RESET_WORDS[board.reset]} · ${board.sort === 'desc' ? 'highest' : 'lowest'} score wins`;
      nextResetAt = board.nextResetAt;
      countdownLine.hidden = !nextResetAt;
      if (nextResetAt) {
        countdown.dateTime = nextResetAt;
        countdown.title = formatDateTime(nextResetAt);
        countdown.textContent = formatCountdown(nextResetAt);
      }
      return board;
    },
    tick(now = Date.now()) {
      if (!nextResetAt) return false;
      countdown.textContent = formatCountdown(nextResetAt, now);
      if (Date.parse(nextResetAt) > now) return false;
      nextResetAt = null;
      return true;
    },
  };
}
