/**
 * The notice shown when the origin is unavailable. The edge then answers with its saved copy and
 * `X-Cache: STALE`. A single STALE is normal (stale-while-revalidate refreshes it in the background),
 * so the notice appears only when answers stay stale, or requests fail, several polls in a row.
 */
import { formatRelative } from './format.ts';
import { setText } from './dom.ts';

const STALE_POLLS_BEFORE_NOTICE = 3;

export interface OriginNotice {
  /** An answer arrived; `cache` is its X-Cache, `ageSeconds` its Age. */
  answered(cache: string | null, ageSeconds: number | null): void;
  /** A request failed; `hasData` says whether saved data is still on screen. */
  failed(message: string, hasData: boolean): void;
}

/** Drives the notice element (a role="alert" paragraph, hidden while all is well). */
export function originNotice(el: HTMLElement): OriginNotice {
  let badPolls = 0;
  const show = (text: string | null) => {
    el.hidden = text === null;
    setText(el, text ?? '');
  };
  return {
    answered(cache, ageSeconds) {
      if (cache !== 'STALE') {
        badPolls = 0;
        show(null);
        return;
      }
      if (++badPolls < STALE_POLLS_BEFORE_NOTICE) return;
      const since = ageSeconds === null ? '' : ` from ${formatRelative(new Date(Date.now() - ageSeconds * 1000).toISOString())}`;
      show(`The leaderboard service is unavailable. Showing saved data${since}; it updates again when the service is back.`);
    },
    failed(message, hasData) {
      if (++badPolls < STALE_POLLS_BEFORE_NOTICE && hasData) return;
      show(hasData ? `The leaderboard service is unavailable (${message}). Showing the last data received; retrying…` : `${message}. Retrying…`);
    },
  };
}
