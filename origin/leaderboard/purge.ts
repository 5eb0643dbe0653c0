/**
 * Purging the edge cache at every location (docs/edge-cache.md). The purge is recorded in the
 * record first (`edge_purges`), so it cannot be lost: when the call to Cloudflare fails, the
 * rollover schedule retries it with backoff, like projection repairs.
 */
import { BOARD_LIST_TAG, boardTag } from '../../core/index.ts';
import { purgeTags } from '../clients/cloudflare.ts';
import type { Deps } from './deps.ts';

export interface PurgeStatus {
  /** done: Cloudflare accepted it; pending: recorded and retried by the schedule; not-configured: no zone set up (local runs without dev/cloudflare). */
  status: 'done' | 'pending' | 'not-configured';
  id?: number;
  attempts?: number;
  lastError?: string | null;
}

/** The cache tags a change to one board affects: every view of the board, and the board list. */
export const boardTags = (board: string): string[] => [boardTag(board), BOARD_LIST_TAG];

/** Records a purge of `tags`. Call before the change, so a crash after it still leaves the purge to do. */
export async function recordPurge(deps: Deps, tags: string[], reason: string): Promise<number | null> {
  if (!deps.config.cloudflare) return null;
  const id = await deps.record.purgeRequest(tags, reason);
  deps.metrics?.count('PurgesQueued');
  return id;
}

/** Makes one attempt at a recorded purge and records its outcome. */
export async function attemptPurge(deps: Deps, id: number | null, tags: string[]): Promise<PurgeStatus> {
  const cf = deps.config.cloudflare;
  if (!cf || id === null) return { status: 'not-configured' };
  const outcome = await purgeTags(cf, tags);
  if (!outcome.ok) deps.log('warn', 'edge purge failed; the schedule retries it', { purge: id, error: outcome.error });
  deps.metrics?.count(outcome.ok ? 'PurgesConfirmed' : 'PurgesFailed');
  try {
    const state = await deps.record.purgeResult(id, outcome.ok, outcome.ok ? null : outcome.error);
    return { status: state.status, id, attempts: state.attempts, lastError: state.lastError };
  } catch {
    return { status: outcome.ok ? 'done' : 'pending', id };
  }
}

/** Retries the purges that are due (the rollover schedule runs this every minute). */
export async function retryPurges(deps: Deps): Promise<{ done: number; pending: number }> {
  if (!deps.config.cloudflare) return { done: 0, pending: 0 };
  let done = 0;
  let pending = 0;
  for (const due of await deps.record.purgesDue(50)) {
    const out = await attemptPurge(deps, due.id, due.tags);
    if (out.status === 'done') done++;
    else pending++;
  }
  return { done, pending };
}
