/**
 * Every write a scenario makes, with its acknowledgement, and the checks against the stores
 * afterwards: each acknowledged write is in the submissions log, no refused write is, the edge
 * serves what the record holds, and verify finds the projection equal to the record.
 */
import type { Entry } from '../../../core/index.ts';
import { api, entryPages, rpc, verifyBoard } from '../../helpers.ts';
import { waitFor } from './control.ts';

export interface Write {
  board: string;
  playerId: string;
  score: number;
}

export interface Ack extends Write {
  entry: Entry;
  updated: boolean;
  previous: Entry | null;
  at: number;
  /** The board version the write answered with (`X-Board-Seq`), if it sent one. */
  seq: number | null;
}

export interface LogRow {
  seq: number;
  period: string;
  playerId: string;
  operator: string;
  score: number;
  resultScore: number;
  updated: boolean;
  submittedAt: string;
}

/** `200`, `503 unavailable`, `network`, …: the class of one response for the summary. */
export function classOf(status: number, body: unknown): string {
  const code = (body as { error?: { code?: string } } | null)?.error?.code;
  return status === 0 ? 'network' : code ? `${status} ${code}` : String(status);
}

export class Ledger {
  readonly acks: Ack[] = [];
  readonly refused: (Write & { cls: string })[] = [];
  readonly classes: Record<string, number> = {};

  /** Counts a response of any kind (reads too) by class. */
  count(cls: string): void {
    this.classes[cls] = (this.classes[cls] ?? 0) + 1;
  }

  /** Records one write's outcome; its answer's headers give the board version it answered with. */
  add(w: Write, status: number, body: any, headers?: Headers): void {
    const cls = classOf(status, body);
    this.count(cls);
    const seq = headers?.get('x-board-seq');
    if (status === 200 && body?.entry) this.acks.push({ ...w, entry: body.entry, updated: body.updated, previous: body.previous, at: Date.now(), seq: seq ? Number(seq) : null });
    else this.refused.push({ ...w, cls });
  }

  /** Response classes other than 2xx (what the summary lists as errors). */
  errors(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.classes).filter(([k]) => !/^(read )?(2\d\d|304)\b/.test(k)));
  }

  acksOf(board: string): Ack[] {
    return this.acks.filter((a) => a.board === board);
  }

  /** The newest board version any acknowledged write to `board` answered with: a read with it as `minSeq` holds them all. */
  newestSeq(board: string): number | undefined {
    const seqs = this.acksOf(board).flatMap((a) => (a.seq === null ? [] : [a.seq]));
    return seqs.length ? Math.max(...seqs) : undefined;
  }
}

/** Sends one score through the edge as the game server and records the outcome (network errors as status 0). */
export async function submitTo(ledger: Ledger, edge: string, token: string, w: Write, headers: Record<string, string> = {}): Promise<void> {
  let status: number;
  let body: unknown = null;
  let answered: Headers | undefined;
  try {
    const res = await fetch(`${edge}/api/boards/${w.board}/scores`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ playerId: w.playerId, score: w.score }),
      signal: AbortSignal.timeout(30_000),
    });
    status = res.status;
    answered = res.headers;
    const text = await res.text();
    try { body = JSON.parse(text); } catch { body = text; }
  } catch {
    status = 0;
  }
  ledger.add(w, status, body, answered);
}

/** The whole submissions log of a board, in sequence order. */
export async function submissionLog(board: string): Promise<LogRow[]> {
  const rows: LogRow[] = [];
  for (;;) {
    const page = await rpc<LogRow[]>('lb_submissions', { p_board: board, p_after_seq: rows.at(-1)?.seq ?? 0, p_limit: 1000 });
    rows.push(...page);
    if (page.length < 1000) return rows;
  }
}

/**
 * Matches acknowledged writes to log rows by (player, submitted score, resulting score). Only
 * writes that changed an entry are logged: an acknowledged `updated: false` write is found when
 * the state it answered with is one the log produced. `found` counts acknowledged writes the log
 * accounts for; `unacknowledged` counts log rows no acknowledgement accounts for (a refused
 * write that was committed anyway).
 */
export function matchLog(acks: Ack[], log: LogRow[]): { found: number; unacknowledged: LogRow[]; missing: Ack[] } {
  const key = (p: string, s: number, r: number) => `${p}\u0000${s}\u0000${r}`;
  const rows = new Map<string, LogRow[]>();
  const states = new Set(log.map((row) => `${row.playerId}\u0000${row.resultScore}`));
  for (const row of log) rows.set(key(row.playerId, row.score, row.resultScore), [...(rows.get(key(row.playerId, row.score, row.resultScore)) ?? []), row]);
  const missing: Ack[] = [];
  let found = 0;
  for (const a of acks) {
    if (!a.updated) {
      if (states.has(`${a.playerId}\u0000${a.entry.score}`)) found++;
      else missing.push(a);
      continue;
    }
    const list = rows.get(key(a.playerId, a.score, a.entry.score));
    if (list?.length) {
      list.pop();
      found++;
    } else missing.push(a);
  }
  return { found, unacknowledged: [...rows.values()].flat(), missing };
}

/**
 * Every entry of a board's current period, read through the edge page by page. With `minSeq` (the
 * newest version the scenario's writes answered with), the read holds every acknowledged write:
 * without it, a copy or a shared snapshot may lag the last writes within their windows
 * (docs/edge-cache.md, docs/paging.md).
 */
export async function readAllThroughEdge(board: string, minSeq?: number): Promise<{ total: number; entries: Entry[]; cache: string[] }> {
  const pages = await entryPages(board, 100, minSeq === undefined ? {} : { minSeq });
  const failed = pages.find((p) => p.status !== 200);
  if (failed) throw new Error(`read ${board}: ${failed.status} ${JSON.stringify(failed.body)}`);
  return {
    total: pages.at(-1)!.body.total,
    entries: pages.flatMap((p): Entry[] => p.body.entries),
    cache: pages.map((p) => p.headers.get('x-cache') ?? ''),
  };
}

/** Every entry the record holds for a board period, in player order. */
export async function recordEntries(board: string, period = 'all'): Promise<{ playerId: string; score: number; achievedAt: string; seq: number }[]> {
  const out: { playerId: string; score: number; achievedAt: string; seq: number }[] = [];
  for (;;) {
    const page = await rpc<{ entries: { playerId: string; score: number; achievedAt: string; seq: number }[] }>('lb_export', { p_board: board, p_period: period, p_after: out.at(-1)?.playerId ?? '', p_limit: 1000 });
    out.push(...page.entries);
    if (page.entries.length < 1000) return out;
  }
}

export interface BoardCheck {
  acknowledged: number;
  found: number;
  unacknowledged: number;
  differences: number;
  /** How the edge's top list differs from the record, or null when it matches. */
  edgeDifference: string | null;
}

/**
 * After a scenario: reads the board through the edge (which rebuilds a missing projection),
 * waits until verify reports the projection ready, and compares edge, record and log.
 */
export async function checkBoard(ledger: Ledger, board: string): Promise<BoardCheck> {
  let report: Awaited<ReturnType<typeof verifyBoard>> | undefined;
  await waitFor(`the projection of ${board} to be ready`, 60_000, async () => {
    await api('GET', `/api/boards/${board}/entries?limit=1`);
    report = await verifyBoard(board);
    return report.periods.every((p) => p.ready);
  });
  const record = await recordEntries(board);
  const edge = await readAllThroughEdge(board, ledger.newestSeq(board));
  const acks = ledger.acksOf(board);
  const match = matchLog(acks, await submissionLog(board));
  return { acknowledged: acks.length, found: match.found, unacknowledged: match.unacknowledged.length, differences: report!.differences, edgeDifference: edgeDifference(edge, record) };
}

/** The first way the edge's top list differs from the record's entries, or null. */
function edgeDifference(edge: { total: number; entries: Entry[]; cache: string[] }, record: Awaited<ReturnType<typeof recordEntries>>): string | null {
  if (edge.total !== record.length || edge.entries.length !== record.length) return `the edge shows ${edge.entries.length} entries (total ${edge.total}), the record holds ${record.length}; pages: ${edge.cache.join(' ')}`;
  const byPlayer = new Map(edge.entries.map((e) => [e.playerId, e]));
  for (const r of record) {
    const e = byPlayer.get(r.playerId);
    const achievedAt = new Date(r.achievedAt).toISOString();
    if (e?.score !== r.score || e.achievedAt !== achievedAt) return `${r.playerId}: the edge shows ${e ? `${e.score} at ${e.achievedAt}` : 'nothing'}, the record ${r.score} at ${achievedAt}; pages: ${edge.cache.join(' ')}`;
  }
  return null;
}

/**
 * Runs `clients` loops until `until()` says stop; each calls `step(client, i)` with a global
 * counter. Bounded: stops at `maxSteps` in any case.
 */
export async function runLoops(clients: number, maxSteps: number, until: () => boolean, step: (client: number, i: number) => Promise<void>): Promise<number> {
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      while (!until() && next < maxSteps) await step(c, next++);
    }),
  );
  return next;
}
