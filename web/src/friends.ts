/** The friends view: the entries of a list of player ids, in rank order (live). */
import { isUnavailable, paths, type EntriesPage } from './api.ts';
import { byId, setText } from './dom.ts';
import { liveRows } from './entries-table.ts';
import { LiveView } from './live-view.ts';
import type { OriginNotice } from './origin-notice.ts';
import { MAX_FRIENDS, parsePlayerIds } from './player-ids.ts';

export interface Friends {
  view: LiveView<EntriesPage>;
  setBoard(board: string | null): void;
}

/** What the status line says about a friends list: who has no score yet, or that everyone has one. */
export function friendsSummary(ids: string[], found: string[]): string {
  const have = new Set(found);
  const missing = ids.filter((id) => !have.has(id));
  if (ids.length === 0) return '';
  if (missing.length === ids.length) return ids.length === 1 ? `${ids[0]} has no score in this period.` : 'None of them has a score in this period.';
  if (missing.length === 0) return ids.length === 1 ? `${ids[0]} has a score in this period.` : `All ${ids.length} have a score in this period.`;
  return `No score in this period for ${missing.length === 1 ? '' : `${missing.length} of them: `}${missing.join(', ')}.`;
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
      rows.show(data);
      table.hidden = data.entries.length === 0;
      say(friendsSummary(ids, data.entries.map((e) => e.playerId)));
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
