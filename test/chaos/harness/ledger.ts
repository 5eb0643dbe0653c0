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

  /** Records one write's outcome. */
  add(w: Write, status: number, body: any): void {
    const cls = classOf(status, body);
    this.count(cls);
    if (status === 200 && body?.entry) this.acks.push({ ...w, entry: body.entry, updated: body.updated, previous: body.previous, at: Date.now() });
    else this.refused.push({ ...w, cls });
  }

  /** Response classes other than 2xx (what the summary lists as errors). */
  errors(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.classes).filter(([k]) => !/^(read )?(2\d\d|304)\b/.test(k)));
  }

  acksOf(board: string): Ack[] {
    return this.acks.filter((a) => a.board === board);
  }
}

/** Sends one score through the edge as the game server and records the outcome (network errors as status 0). */
export async function submitTo(ledger: Ledger, edge: string, token: string, w: Write, headers: Record<string, string> = {}): Promise<void> {
  let status: number;
  let body: unknown = null;
  try {
    const res = await fetch(`${edge}/api/boards/${w.board}/scores`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ playerId: w.playerId, score: w.score }),
      signal: AbortSignal.timeout(30_000),
    });
    status = res.status;
    const text = await res.text();
    try { body = JSON.parse(text); } catch { body = text; }
  } catch {
    status = 0;
  }
  ledger.add(w, status, body);
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

/** Every entry of a board's current period, read through the edge page by page. */
export async function readAllThroughEdge(board: string): Promise<{ total: number; entries: Entry[]; cache: string[] }> {
  const pages = await entryPages(board, 100);
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
  edgeMatchesRecord: boolean;
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
  const edge = await readAllThroughEdge(board);
  const byPlayer = new Map(edge.entries.map((e) => [e.playerId, e]));
  const edgeMatchesRecord = edge.total === record.length && edge.entries.length === record.length && record.every((r) => byPlayer.get(r.playerId)?.score === r.score && byPlayer.get(r.playerId)?.achievedAt === new Date(r.achievedAt).toISOString());
  const acks = ledger.acksOf(board);
  const match = matchLog(acks, await submissionLog(board));
  return { acknowledged: acks.length, found: match.found, unacknowledged: match.unacknowledged.length, differences: report!.differences, edgeMatchesRecord };
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
