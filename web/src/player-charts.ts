/**
 * The looked-up player's charts: where they stand in the board's score distribution
 * (`GET …/histogram`) and their score history (`GET …/players/{id}/history`). Both are fetched
 * when the player's standing changes, not on every poll; the edge caches them like every read.
 */
import { api, type Board, type PlayerView } from './api.ts';
import { renderDistribution } from './distribution-chart.ts';
import { byId } from './dom.ts';
import { nameOf } from './entries-table.ts';
import { renderHistory } from './history-chart.ts';

/** Bars in the distribution: fine enough to see a shape, coarse enough for 360 px. */
export const DISTRIBUTION_BUCKETS = 20;
/** Points in the sparkline: the latest changes. */
export const HISTORY_POINTS = 50;

export interface PlayerCharts {
  setBoard(board: Board | null): void;
  /** Draws (or keeps) the charts of `player`, whose player view is `view`. */
  show(board: string, player: string, view: PlayerView): Promise<void>;
  clear(): void;
}

export function playerCharts(): PlayerCharts {
  const box = byId('player-charts');
  const distribution = byId('distribution');
  const history = byId('score-history');
  let better: 'up' | 'down' = 'up';
  let drawn = '';
  let generation = 0;

  const clear = () => {
    generation++;
    drawn = '';
    box.hidden = true;
    delete box.dataset.ready;
  };

  return {
    setBoard(board) {
      better = board?.sort === 'asc' ? 'down' : 'up';
      clear();
    },
    clear,
    async show(board, player, view) {
      const key = JSON.stringify([board, player, view.entry.score, view.entry.rank, view.total]);
      if (key === drawn) return;
      drawn = key;
      const mine = ++generation;
      const [hist, past] = await Promise.allSettled([api.histogram(board, { buckets: DISTRIBUTION_BUCKETS }), api.history(board, player, { limit: HISTORY_POINTS })]);
      if (mine !== generation) return;
      const name = nameOf(view.entry);
      if (hist.status === 'fulfilled') renderDistribution(distribution, hist.value, { name, score: view.entry.score, percentile: view.percentile, total: view.total });
      if (past.status === 'fulfilled') renderHistory(history, past.value, name, better);
      distribution.hidden = hist.status !== 'fulfilled';
      history.hidden = past.status !== 'fulfilled';
      // A chart that failed is asked for again with the next standing.
      if (distribution.hidden || history.hidden) drawn = '';
      box.hidden = distribution.hidden && history.hidden;
      box.dataset.ready = 'true';
    },
  };
}
