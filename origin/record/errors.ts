/** Maps errors from the Supabase RPC layer to API errors. */
import { ApiError } from '../../core/index.ts';

interface RpcError {
  code?: string;
  message?: string;
  details?: string | null;
}

function parseDetail(details: string | null | undefined): Record<string, unknown> {
  if (!details) return {};
  try {
    const parsed: unknown = JSON.parse(details);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Turns a failed rpc() (its error and HTTP status) into the ApiError the client should see. */
export function rpcFailure(fn: string, error: RpcError, status: number): Error {
  if (error.code === 'P0001') {
    const detail = parseDetail(error.details);
    switch (error.message) {
      case 'board_not_found':
        return new ApiError('board_not_found', `Board "${String(detail.board ?? '')}" does not exist`);
      case 'idempotency_conflict':
        return new ApiError('conflict', 'This Idempotency-Key was already used with a different request body', detail);
      case 'board_conflict':
        return new ApiError('conflict', String(detail.reason ?? 'The board configuration conflicts with its data'));
      case 'out_of_bounds':
        return new ApiError('invalid_request', 'The resulting score is outside the board bounds', { score: `must be within [${detail.minScore ?? '-∞'}, ${detail.maxScore ?? '∞'}]; the result would be ${String(detail.result)}`, ...(detail.playerId ? { playerId: detail.playerId } : {}) });
      case 'invalid_window':
        return new ApiError('invalid_request', 'Invalid open window', { startsAt: `must be before endsAt (${String(detail.endsAt)})` });
      case 'not_open':
        return new ApiError('not_open', `Board "${String(detail.board ?? '')}" opens at ${String(detail.startsAt ?? '')}`, detail);
      case 'closed':
        return new ApiError('closed', `Board "${String(detail.board ?? '')}" closed at ${String(detail.endsAt ?? '')}`, detail);
      case 'banned':
        return new ApiError('banned', `Player "${String(detail.playerId ?? '')}" may not submit scores to board "${String(detail.board ?? '')}"`, detail);
      case 'full':
        return new ApiError('full', `Board "${String(detail.board ?? '')}" is full: ${String(detail.maxSize ?? '')} players have joined`, detail);
      case 'not_joined':
        return new ApiError('not_joined', `Player "${String(detail.playerId ?? '')}" has not joined board "${String(detail.board ?? '')}"; join it first (POST …/join)`, detail);
      case 'attempts_exhausted':
        return new ApiError('attempts_exhausted', `Player "${String(detail.playerId ?? '')}" has used all ${String(detail.maxAttempts ?? '')} attempts this period`, detail);
      case 'not_tournament':
        return new ApiError('conflict', `Board "${String(detail.board ?? '')}" has no entry rules: there is nothing to join`, detail);
      case 'invalid_rules':
        return new ApiError('invalid_request', 'Invalid tournament rules', Object.fromEntries(Object.entries(detail).map(([k, v]) => [`tournament.${k}`, v])));
      case 'out_of_range':
        return new ApiError('invalid_request', 'The resulting score is outside the safe integer range', { score: 'the result must satisfy |score| <= 9007199254740991', ...(detail.playerId ? { playerId: detail.playerId } : {}) });
    }
  }
  // Text Postgres cannot take (NUL, unpaired surrogates, bad JSON): the request's fault, not a bug.
  if (error.code === '22P02' || error.code === '22P05' || error.code === '22021') {
    return new ApiError('invalid_request', 'The request holds text the database cannot store', { body: 'must not contain NUL characters or unpaired surrogates' });
  }
  // Network failures and timeouts (status 0): the answer was lost, so the outcome is unknown.
  if (status === 0) return noAnswer();
  // Gateway and database outages: the transaction did not commit.
  if (status >= 500 || status === 401 || status === 403 || error.code === 'PGRST001' || error.code?.startsWith('08')) {
    return new ApiError('unavailable', 'The leaderboard database is unavailable; nothing was written', undefined, 2);
  }
  return new Error(`rpc ${fn} failed with status ${status}: ${error.code ?? ''} ${error.message ?? ''}`);
}

/**
 * The database gave no answer (connection lost, timeout). A write may or may not have committed,
 * so the client is told to retry with its Idempotency-Key rather than that nothing was written.
 */
export function noAnswer(): ApiError {
  return new ApiError('unavailable', 'The leaderboard database did not answer; retry a write with the same Idempotency-Key', undefined, 2);
}
