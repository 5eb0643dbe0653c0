/** The web app: board picker, live top list with paging, period countdown, player search with the player's charts (and their cohort on a cohort board), past periods and their results, tournaments, friends, submit form. */
import { LeaderboardError, isUnavailable, paths, type Board } from './api.ts';
import { boardHeader } from './board-header.ts';
import { isDevMode } from './dev-tokens.ts';
import { cohortView } from './cohort-view.ts';
import { byId, setText } from './dom.ts';
import { useScoreFormat } from './format.ts';
import { refreshRelativeTimes } from './entries-table.ts';
import { friends } from './friends.ts';
import { pollWhileVisible } from './live-view.ts';
import { originNotice } from './origin-notice.ts';
import { playerCharts } from './player-charts.ts';
import { playerSearch } from './player-search.ts';
import { submitForm } from './submit-form.ts';
import { topList, PAGE_SIZE } from './top-list.ts';
import { tournamentList } from './tournaments.ts';
import { pastPeriods } from './past-periods.ts';
import { LiveStream } from './live-stream.ts';

const notice = originNotice(byId('notice'));
const top = topList(notice);
const liveStatus = byId('live-status');
const overtaken = byId('overtaken');
// Live updates (docs/live.md): the top list follows the board's stream; while the stream is down,
// it is polled like the other views, and the page says so.
const topStream = new LiveStream({
  onEntry: (e) => top.applyEntry(e),
  onRefetch: () => void top.view.refresh(),
  onState(live) {
    liveStatus.dataset.live = String(live);
    setText(liveStatus, live ? 'Live: updates appear as they happen.' : 'Live updates are unavailable; checking for changes every second.');
    if (live) void top.view.refresh(); // catch up on anything from before the stream opened
  },
});
// The looked-up player's stream: who overtakes them.
const watchStream = new LiveStream({
  onState: (live) => void (overtaken.dataset.live = String(live)),
  onOvertaken(o) {
    overtaken.hidden = false;
    setText(overtaken, `${o.playerId} was overtaken by ${o.byDisplayName ?? o.by} and is now #${o.rank}.`);
    void search.view.refresh();
  },
});
const charts = playerCharts();
const cohort = cohortView();
let shownBoard: Board | null = null;
const search = playerSearch(notice, {
  onWatch(board, player) {
    cohort.show(board && shownBoard?.id === board ? shownBoard : null, player);
    overtaken.hidden = true;
    delete overtaken.dataset.live;
    watchStream.open(board && player ? paths.stream(board, `ids:${player}`) : null);
    charts.clear();
  },
  onStanding: (board, player, view) => void charts.show(board, player, view),
});
const friendList = friends(notice);
const views = [top.view, search.view, friendList.view];
const refreshAll = () => views.forEach((v) => void v.refresh());

const devMode = await isDevMode().catch(() => false);
const submit = submitForm(devMode, refreshAll);
const header = boardHeader((id) => void showBoard(id));
const past = pastPeriods();
const tournaments = tournamentList((id) => {
  byId<HTMLSelectElement>('board').value = id;
  void showBoard(id);
});

async function showBoard(id: string | null): Promise<void> {
  const status = byId('top-status');
  try {
    const board = id ? await header.select(id) : null;
    shownBoard = board;
    useScoreFormat(board?.scoreFormat);
    top.setBoard(board?.id ?? null, (board?.rankMode ?? 'ordinal') === 'ordinal');
    topStream.open(board ? paths.stream(board.id, `top:${PAGE_SIZE}`) : null);
    charts.setBoard(board);
    search.setBoard(board?.id ?? null);
    friendList.setBoard(board?.id ?? null);
    past.setBoard(board?.id ?? null);
    submit.setBoard(board);
    if (!id) status.textContent = 'There are no boards yet.';
  } catch (err) {
    status.textContent = `Could not load the board: ${err instanceof LeaderboardError ? err.message : String(err)}.`;
    if (err instanceof LeaderboardError && isUnavailable(err)) notice.failed(err.message, false);
  }
}

async function start(): Promise<void> {
  try {
    await showBoard(await header.load());
  } catch (err) {
    byId('top-status').textContent = `Could not load the boards: ${(err as Error).message}. Retrying…`;
    setTimeout(() => void start(), 3000);
  }
}

await start();
void tournaments.load();
// The top list is polled only while its stream is down.
pollWhileVisible(() => views.filter((v) => v !== top.view || !topStream.live));
let seconds = 0;
setInterval(() => {
  if (document.hidden) return;
  refreshRelativeTimes();
  tournaments.tick();
  cohort.tick();
  if (++seconds % 15 === 0) cohort.refresh();
  // A new period has begun: reload the board (new period key, empty list).
  if (header.tick()) void showBoard(byId<HTMLSelectElement>('board').value);
}, 1000);
