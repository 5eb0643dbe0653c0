/** The friends view: the entries of a list of player ids, in rank order (live). */
import { isUnavailable, paths, type EntriesPage } from './api-client.ts';
import { byId, setText } from './dom.ts';
import { liveRows } from './entries-table.ts';
import { LiveView } from './live-view.ts';
import type { OriginNotice } from './origin-notice.ts';
import { MAX_FRIENDS, parsePlayerIds } from './player-ids.ts';

export interface Friends {
  view: LiveView<EntriesPage>;
  setBoard(board: string | null): void;
}

/** Wires the friends section. */
export function friends(notice: OriginNotice): Friends {
  const form = byId<HTMLFormElement>('friends-form');
  const input = byId<HTMLInputElement>('friends-ids');
  const status = byId('friends-status');
  const table = byId<HTMLTableElement>('friends');
  const rows = liveRows(table.tBodies[0]!);
  let board: string | null = null;
  let ids: string[] = [];

  const say = (text: string) => setText(status, text);

  const view = new LiveView<EntriesPage>({
    onData(data) {
      rows.show(data.entries);
      table.hidden = data.entries.length === 0;
      const found = new Set(data.entries.map((e) => e.playerId));
      const missing = ids.filter((id) => !found.has(id));
      say(data.entries.length === 0 ? 'None of them has a score in this period.' : missing.length ? `No score yet: ${missing.join(', ')}.` : '');
    },
    onAnswer: (a) => notice.answered(a.cache, a.ageSeconds),
    onError(err) {
      if (isUnavailable(err)) notice.failed(err.message, !table.hidden);
      if (table.hidden || !isUnavailable(err)) say(`Could not load friends: ${err.message}.`);
    },
  });

  const load = () => {
    rows.reset();
    table.hidden = true;
    if (!board || ids.length === 0) return void view.show(null);
    say('Loading…');
    void view.show(paths.players(board, ids));
  };

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const parsed = parsePlayerIds(input.value);
    if (parsed.invalid.length || parsed.ids.length > MAX_FRIENDS || parsed.ids.length === 0) {
      input.setAttribute('aria-invalid', 'true');
      say(parsed.invalid.length ? `Not valid player ids: ${parsed.invalid.join(', ')}.` : `Enter 1 to ${MAX_FRIENDS} player ids.`);
      return;
    }
    input.removeAttribute('aria-invalid');
    ids = parsed.ids;
    load();
  });

  return {
    view,
    setBoard(id) {
      board = id;
      load();
    },
  };
}
