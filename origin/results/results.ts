/**
 * Period results (docs/results.md): the record stores a closed period's top N when it closes
 * (a trigger on closed_periods); this module serves them and keeps a board's results settings.
 */
import { randomBytes } from 'node:crypto';
import { ApiError, periodWindow, type BoardConfig, type PeriodResults } from '../../core/index.ts';
import { loadBoard } from '../leaderboard/boards.ts';
import type { Deps } from '../leaderboard/deps.ts';
import { withNames } from '../leaderboard/names.ts';
import { resultsWithTiers } from '../leaderboard/entries.ts';
import type { ResultsSettings } from '../record/types.ts';
import { SourceError } from '../sources/fetch-source.ts';
import { checkSourceUrl } from '../sources/url-guard.ts';

/** GET /api/boards/{board}/periods/{period}/results */
export async function periodResults(deps: Deps, boardId: string, period: string): Promise<PeriodResults> {
  const board = await loadBoard(deps, boardId);
  const window = periodWindow(board.reset, period, board, deps.now());
  if (!window) throw new ApiError('invalid_request', 'Invalid period', { period: `is not a period of this ${board.reset} board` });
  const stored = await deps.record.periodResults(board.id, period);
  // A league period's results are stored complete, with its moves, once its league close ran too
  // (the rollover's next step): they are cached as immutable, so they are not served before that.
  if (!stored || (board.rules?.league && !stored.league)) {
    throw new ApiError(
      'not_found',
      window.state === 'open' ? `Period "${period}" has not closed yet` : `The results of period "${period}" are not stored yet: the rollover stores them within a minute of its end`,
      { period, state: window.state },
    );
  }
  return {
    board: board.id,
    period,
    start: window.start,
    end: window.end,
    closedAt: stored.closedAt,
    entries: Number(stored.entries),
    rankMode: stored.rankMode,
    size: stored.size,
    // Names are looked up as the results are read, like every view's (docs/moderation.md#display-names).
    // Tiers too, by the board's tiers as they are now, like every view's (docs/boards.md "Tiers").
    results: resultsWithTiers(board, await withNames(deps, stored.results), Number(stored.entries)),
    ...(stored.league ? { league: stored.league } : {}),
  };
}

/** A new webhook signing secret: 32 random bytes, base64url, with a recognisable prefix. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

/** Refuses a webhook URL the origin may not call (the sources' SSRF guard); a 400 naming the field. */
export async function checkWebhookUrl(deps: Deps, url: string): Promise<void> {
  try {
    await checkSourceUrl(url, { allowLoopback: deps.config.webhook.allowLoopback, what: 'webhook' });
  } catch (err) {
    if (err instanceof SourceError) throw new ApiError('invalid_request', 'Invalid board config', { 'webhook.url': err.message });
    throw err;
  }
}

/**
 * Applies the results settings a board PUT names (resultsSize, webhook), or reads the current
 * ones when it names neither. The webhook's URL must have been checked (checkWebhookUrl).
 */
export async function applyResultsSettings(deps: Deps, boardId: string, cfg: Pick<BoardConfig, 'resultsSize' | 'webhook'>): Promise<ResultsSettings> {
  if (cfg.resultsSize === undefined && cfg.webhook === undefined) {
    return (await deps.record.resultsSettings(boardId)) ?? { resultsSize: 100, webhook: null };
  }
  return deps.record.resultsConfigure(boardId, {
    size: cfg.resultsSize ?? null,
    ...(cfg.webhook !== undefined ? { webhook: { url: cfg.webhook?.url ?? null, rotate: cfg.webhook?.rotateSecret ?? false } } : {}),
    newSecret: newWebhookSecret(),
  });
}
