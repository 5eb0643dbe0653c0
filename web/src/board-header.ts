/** The board picker (GET /api/boards), the current period and the countdown to its reset. */
import { isBoardId } from '../../core/index.ts';
import { api, type Board } from './api.ts';
import { byId, h } from './dom.ts';
import { formatCountdown, formatDateTime } from './format.ts';

export interface BoardHeader {
  /** Loads the list of boards; resolves with the one to show first: ?board=, else the deployment's default board, else the first. */
  load(): Promise<string | null>;
  /** Loads and shows one board's details. */
  select(id: string): Promise<Board>;
  /** Advances the countdown; true once the period has ended (time to reload). */
  tick(now?: number): boolean;
}

const labelOf = (b: Pick<Board, 'id' | 'name'>) => (b.name === b.id ? b.id : `${b.name} (${b.id})`);

/** The picker gets a search box once there are more boards than this. */
export const SEARCHABLE_AFTER = 20;

/** The boards whose id or name contains every word of `query` (case-insensitive). */
export function filterBoards<B extends Pick<Board, 'id' | 'name'>>(boards: B[], query: string): B[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return boards.filter((b) => {
    const text = `${b.id} ${b.name}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/**
 * The board to open without ?board=: the deployment's default board (DEFAULT_BOARD, `global` unless
 * configured), which `GET /leaderboard` names; null when it does not exist.
 */
async function defaultBoard(): Promise<string | null> {
  try {
    return (await api.leaderboard(1)).board;
  } catch {
    return null;
  }
}

const RESET_WORDS: Partial<Record<Board['reset'], string>> = { never: 'never resets', daily: 'resets daily', weekly: 'resets weekly', monthly: 'resets monthly' };

/** Wires the header; `onPick` runs when the reader picks another board. */
export function boardHeader(onPick: (id: string) => void): BoardHeader {
  const select = byId<HTMLSelectElement>('board');
  const period = byId('period');
  const countdown = byId<HTMLTimeElement>('countdown');
  const countdownLine = byId('countdown-line');
  const filterRow = byId('board-filter-row');
  const filter = byId<HTMLInputElement>('board-filter');
  const filterCount = byId('board-filter-count');
  let nextResetAt: string | null = null;
  let boards: Pick<Board, 'id' | 'name'>[] = [];

  const pick = (id: string) => {
    const url = new URL(location.href);
    url.searchParams.set('board', id);
    history.replaceState(null, '', url);
    onPick(id);
  };
  select.addEventListener('change', () => pick(select.value));

  /** Lists the boards matching the search box; the board on screen stays listed so the picker still shows it. */
  const listOptions = () => {
    const current = select.value;
    const shown = filterBoards(boards, filter.value);
    const listed = shown.some((b) => b.id === current) || !current ? shown : [...boards.filter((b) => b.id === current), ...shown];
    select.replaceChildren(...listed.map((b) => h('option', { value: b.id }, labelOf(b))));
    if (current) select.value = current;
    filterCount.textContent = filter.value.trim() ? `${shown.length} of ${boards.length} boards match` : `${boards.length} boards`;
    return shown;
  };
  filter.addEventListener('input', () => void listOptions());
  // Enter opens the first match, so a board can be found and opened from the keyboard without the list.
  filter.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Enter') return;
    ev.preventDefault();
    const first = listOptions()[0];
    if (first && first.id !== select.value) {
      select.value = first.id;
      pick(first.id);
    }
  });

  return {
    async load() {
      const wanted = new URLSearchParams(location.search).get('board');
      const asked = wanted && isBoardId(wanted) ? wanted : null;
      const [list, dflt] = await Promise.all([api.boards(), asked ? null : defaultBoard()]);
      boards = list.boards;
      // The list is edge-cached, so a board created a moment ago may be missing from it: a link to it still works.
      if (asked && !boards.some((b) => b.id === asked)) boards = [...boards, { id: asked, name: asked }];
      const first = asked ?? (dflt && boards.some((b) => b.id === dflt) ? dflt : boards[0]?.id);
      filterRow.hidden = boards.length <= SEARCHABLE_AFTER;
      select.replaceChildren();
      if (first) select.append(h('option', { value: first }, first));
      select.value = first ?? '';
      listOptions();
      select.disabled = !first;
      return first ?? null;
    },
    async select(id) {
      select.value = id;
      const board = await api.board(id);
      boards = boards.map((b) => (b.id === id ? board : b));
      const option = [...select.options].find((o) => o.value === id);
      if (option) option.textContent = labelOf(board);
      period.textContent = `Period ${board.currentPeriod} · ${RESET_WORDS[board.reset] ?? `resets ${board.reset}`} · ${board.sort === 'desc' ? 'highest' : 'lowest'} score wins`;
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
