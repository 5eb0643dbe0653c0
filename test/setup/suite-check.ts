/**
 * The end-of-suite check of an integration phase: every board the phase left in the record, every
 * period the record holds, compared entry by entry with Valkey by the `verify` task. Nothing reads
 * the boards first, so a projection the suite left wrong is compared as it is, not rebuilt.
 * A period whose projection is missing or marked stale (a flushed Valkey, a failed mirror) has
 * nothing to compare; it is counted apart, and the next read rebuilds it.
 */
import { invokeTask, type InvokeTarget } from '../../admin/invoke.ts';

interface PeriodReport {
  board: string;
  period: string;
  ready: boolean;
  recordEntries: number;
  differences: number;
  sample: unknown[];
}

export interface SuiteCheck {
  name: string;
  ok: boolean;
  detail: string;
}

async function task<T>(target: InvokeTarget, name: string, args: Record<string, unknown> = {}): Promise<T> {
  const reply = await invokeTask<T>(target, name, args);
  if (!reply.ok) throw new Error(`${name} ${JSON.stringify(args)} failed: ${JSON.stringify(reply.error)}`);
  return reply.result;
}

/** Verifies every period of every board; fails on any difference, or when nothing at all was compared. */
export async function verifyEveryBoard(target: InvokeTarget): Promise<SuiteCheck> {
  const { boards } = await task<{ boards: { id: string }[] }>(target, 'boards');
  const reports: PeriodReport[] = [];
  const queue = boards.map((b) => b.id);
  // A few at a time: the machine is shared, and verify walks whole periods.
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const out = await task<{ periods: PeriodReport[] }>(target, 'verify', { board: id, allPeriods: true });
        reports.push(...out.periods);
      }
    }),
  );
  const compared = reports.filter((r) => r.ready);
  const wrong = compared.filter((r) => r.differences > 0);
  const entries = compared.reduce((n, r) => n + r.recordEntries, 0);
  const detail = `${boards.length} boards, ${reports.length} periods: ${compared.length} compared (${entries} entries), ${reports.length - compared.length} not in Valkey or stale, ${wrong.length} with differences`;
  for (const r of wrong) console.log(`[stack] verify ${r.board} ${r.period}: ${r.differences} differences, e.g. ${JSON.stringify(r.sample.slice(0, 5))}`);
  return { name: 'verify every board and period after the suite', ok: wrong.length === 0 && entries > 0, detail };
}
