/** Player search: the player's rank and percentile, and the neighbours around them (live). */
import { api, LeaderboardError, isUnavailable, paths, type EntriesPage, type PlayerView } from './api.ts';
import { byId, setText } from './dom.ts';
import { liveRows, nameOf } from './entries-table.ts';
import { formatInteger, formatPercentile, showScoreWords } from './format.ts';
import { LiveView } from './live-view.ts';
import type { OriginNotice } from './origin-notice.ts';
import { isPlayerId } from './player-ids.ts';

export const AROUND_RADIUS = 3;

export interface PlayerSearch {
  view: LiveView<EntriesPage>;
  setBoard(board: string | null): void;
}

export interface SearchHooks {
  /** Hears which player is looked up (for live overtaken notices); nulls when none. */
  onWatch?(board: string | null, player: string | null): void;
  /** Hears the looked-up player's view each time it is read (for the charts). */
  onStanding?(board: string, player: string, view: PlayerView): void;
}

/** Wires the search section. */
export function playerSearch(notice: OriginNotice, hooks: SearchHooks = {}): PlayerSearch {
  const form = byId<HTMLFormElement>('search-form');
  const input = byId<HTMLInputElement>('search-id');
  const summary = byId('search-summary');
  const table = byId<HTMLTableElement>('around');
  const rows = liveRows(table.tBodies[0]!);
  let board: string | null = null;
  let player: string | null = null;

  const say = (text: string) => setText(summary, text);

  const showStanding = async (forBoard: string, id: string) => {
    try {
      const s = await api.player(forBoard, id);
      if (forBoard !== board || id !== player) return;
      const name = nameOf(s.entry);
      say(`${name === id ? id : `${name} (${id})`} is #${formatInteger(s.entry.rank)} of ${formatInteger(s.total)} with ${showScoreWords(s.entry.score)}, at or above ${formatPercentile(s.percentile)} of players.`);
      summary.dataset.rank = String(s.entry.rank);
      hooks.onStanding?.(forBoard, id, s);
    } catch (err) {
      if (err instanceof LeaderboardError && isUnavailable(err)) notice.failed(err.message, true);
    }
  };

  const view = new LiveView<EntriesPage>({
    onData(data) {
      rows.show(data, player ? { current: player } : {});
      table.hidden = false;
      if (board && player) void showStanding(board, player);
    },
    onAnswer: (a) => notice.answered(a.cache, a.ageSeconds),
    onError(err) {
      if (err.code === 'player_not_found') {
        table.hidden = true;
        delete summary.dataset.rank;
        say(`${player} has no score on this board in this period.`);
        return;
      }
      if (isUnavailable(err)) notice.failed(err.message, !table.hidden);
      if (table.hidden || !isUnavailable(err)) say(`Could not look up ${player}: ${err.message}.`);
    },
  });

  const search = () => {
    hooks.onWatch?.(board, player);
    rows.reset();
    table.hidden = true;
    delete summary.dataset.rank;
    if (!board || !player) {
      say('');
      return void view.show(null);
    }
    say(`Looking up ${player}…`);
    void view.show(paths.around(board, player, AROUND_RADIUS));
  };

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const id = input.value.trim();
    if (!isPlayerId(id)) {
      input.setAttribute('aria-invalid', 'true');
      say('A player id is 1 to 128 letters, digits or _ . : @ -');
      return;
    }
    input.removeAttribute('aria-invalid');
    player = id;
    search();
  });

  return {
    view,
    setBoard(id) {
      board = id;
      search();
    },
  };
}
