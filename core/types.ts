/** Shapes of the public API's responses (API.md "Endpoints"). */
import type { Operator, Sort } from './scores.ts';
import type { Reset } from './periods.ts';

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
