/** What every benchmark case gets: the running stack, the mode, and where results go. */
import pg from 'pg';
import type { Stack } from '../dev/stack/stack.ts';
import type { Info } from './report.ts';
import type { CaseInput } from './stats.ts';

export interface Sizes {
  /** Boards of the read cases, smallest first; the last one is "the large board". */
  boards: number[];
  /** Sequential samples per read query and variant (origin, raw GLIDE). */
  readSamples: number;
  /** Samples of the Postgres-only baseline per query; friends lists take far longer. */
  pgSamples: number;
  pgFriendsSamples: number;
  /** Seconds of each HTTP load. */
  edgeLoadS: number;
  writeLoadS: number;
  coldStarts: number;
}

export const FULL: Sizes = { boards: [10_000, 100_000, 1_000_000], readSamples: 2000, pgSamples: 100, pgFriendsSamples: 10, edgeLoadS: 10, writeLoadS: 20, coldStarts: 10 };
export const QUICK: Sizes = { boards: [10_000, 100_000], readSamples: 500, pgSamples: 30, pgFriendsSamples: 5, edgeLoadS: 3, writeLoadS: 5, coldStarts: 10 };

export interface BenchContext {
  quick: boolean;
  sizes: Sizes;
  stack: Stack;
  /** The stack's PostgreSQL 15. */
  pgUrl: string;
  pool: pg.Pool;
  dataDir: string;
  /** The seeded read boards by size: id, incarnation and projection key space. */
  readBoards: Map<number, { id: string; incarnation: number; space: string }>;
  progress(line: string): void;
  result(c: CaseInput): void;
  info(i: Info): void;
  /** Registers cleanup that must run even when the run is interrupted. */
  onCleanup(fn: () => Promise<void>): void;
}

/** Board id of a seeded read board of `players` entries. */
export const readBoardId = (players: number): string => `bench-${players >= 1_000_000 ? `${players / 1_000_000}m` : `${players / 1000}k`}`;
