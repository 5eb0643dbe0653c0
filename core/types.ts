/** Shapes of the public API's responses (API.md "Endpoints"). */
import type { Operator, Sort } from './scores.ts';
import type { Reset } from './periods.ts';
import type { PeriodSummary, RankMode, ScoreFormat } from './schemas.ts';

export type Writers = 'server' | 'players';

export interface Board {
  id: string;
  name: string;
  sort: Sort;
  operator: Operator;
  reset: Reset;
  writers: Writers;
  minScore: number | null;
  maxScore: number | null;
  cacheSeconds: number;
  currentPeriod: string;
  nextResetAt: string | null;
  entries: number;
  rankMode: RankMode;
  scoreFormat: ScoreFormat;
  startsAt: string | null;
  endsAt: string | null;
}

export interface PeriodsPage {
  board: string;
  periods: PeriodSummary[];
  nextCursor: string | null;
}

export interface Entry {
  rank: number;
  playerId: string;
  score: number;
  achievedAt: string;
  metadata: Record<string, unknown> | null;
}

export interface EntriesPage {
  board: string;
  period: string;
  total: number;
  entries: Entry[];
  nextCursor: string | null;
}

export interface SubmitResult {
  entry: Entry;
  updated: boolean;
  previous: Entry | null;
}

/** Who made a write, as the edge authenticated it and the origin trusts it (signed header). */
export type Principal = { kind: 'admin' } | { kind: 'server'; keyId: string } | { kind: 'player'; playerId: string };

/** Header name that carries the authenticated principal from edge to origin, signed. */
export const PRINCIPAL_HEADER = 'x-lb-principal';

/** Serialises a principal for the signed header. */
export function formatPrincipal(p: Principal): string {
  return p.kind === 'admin' ? 'admin' : p.kind === 'server' ? `server:${p.keyId}` : `player:${p.playerId}`;
}

/** Parses the signed principal header; null when absent or malformed. */
export function parsePrincipal(value: string | undefined | null): Principal | null {
  if (!value) return null;
  if (value === 'admin') return { kind: 'admin' };
  const [kind, ...rest] = value.split(':');
  const id = rest.join(':');
  if (kind === 'server' && id) return { kind: 'server', keyId: id };
  if (kind === 'player' && id) return { kind: 'player', playerId: id };
  return null;
}
