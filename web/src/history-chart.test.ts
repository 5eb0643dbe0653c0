import { describe, expect, it } from 'vitest';
import { historyMode, historyText } from './history-chart.ts';

const point = (seq: number, hour: number, score: number, rank: number | null) => ({ seq, at: `2026-12-02T${String(hour).padStart(2, '0')}:00:00Z`, score, rank });

describe('history figure text', () => {
  it('shows ranks when any point has one, and says so', () => {
    const points = [point(1, 8, 10, 7), point(2, 9, 20, null), point(3, 10, 30, 2)];
    expect(historyMode(points)).toBe('rank');
    const text = historyText(points, 'ana', 'up', false);
    expect(text.title).toBe('Rank history. ');
    expect(text.caption).toMatch(/^ana's rank over 2 changes this period: from #7 on .+ to #2 on .+\. The line rises as the rank improves; each rank is the place right after that change\. 1 of the 3 changes has no recorded rank and is left out\.$/);
  });

  it('falls back to the score when no point has a rank', () => {
    const points = [point(1, 8, 10, null), point(2, 9, 20, null)];
    expect(historyMode(points)).toBe('score');
    const text = historyText(points, 'ana', 'up', true);
    expect(text.title).toBe('Score history. ');
    expect(text.caption).toMatch(/^ana's score over 2 changes this period, the latest shown: from 10 on .+ to 20 on .+\. Higher is better/);
    expect(historyText([], 'ana', 'up', false).caption).toBe("No change of ana's score is on record for this period.");
  });

  it('names the one ranked change when there is only one', () => {
    expect(historyText([point(1, 8, 10, 3)], 'ana', 'down', false).caption).toMatch(/^ana's rank is on record once this period: #3 on .+, with 10\.$/);
  });
});
