/**
 * A vitest reporter that counts what a phase really did, for test/run.ts's summary line:
 * tests passed, failed, skipped and todo, plus errors no test owns (a file that fails to import,
 * a failing beforeAll/afterAll, an unhandled error). It writes them as JSON to LB_SUMMARY_FILE.
 */
import { writeFileSync } from 'node:fs';
import type { Reporter, SerializedError, TestModule, TestRunEndReason } from 'vitest/node';
import { countModules, type PhaseCounts } from './counts.ts';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>, reason: TestRunEndReason): void {
    const file = process.env.LB_SUMMARY_FILE;
    if (!file) return;
    const counts: PhaseCounts = { ...countModules(modules), unhandledErrors: unhandledErrors.map((e) => e.message), reason };
    writeFileSync(file, JSON.stringify(counts));
  }
}
