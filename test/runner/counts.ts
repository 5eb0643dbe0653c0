/** What one vitest run did, counted from its test modules (see summary-reporter.ts). */
import type { TestModule } from 'vitest/node';

export interface PhaseCounts {
  files: number;
  passed: number;
  failed: number;
  skipped: number;
  todo: number;
  /** Each failed test: its file, its full name and the first line of its first error, for the run's closing summary. */
  failedTests: string[];
  /** Errors that belong to a file or a suite, not to a test: import failures, beforeAll/afterAll. */
  suiteErrors: string[];
  unhandledErrors: string[];
  reason: string;
}

/** Counts tests by outcome, and collects the errors of files and suites. A test that never finished counts as failed. */
export function countModules(modules: ReadonlyArray<Pick<TestModule, 'moduleId' | 'errors' | 'children'>>): Omit<PhaseCounts, 'unhandledErrors' | 'reason'> {
  const c = { files: modules.length, passed: 0, failed: 0, skipped: 0, todo: 0, failedTests: [] as string[], suiteErrors: [] as string[] };
  for (const m of modules) {
    for (const e of m.errors()) c.suiteErrors.push(`${m.moduleId}: ${e.message}`);
    for (const s of m.children.allSuites()) for (const e of s.errors()) c.suiteErrors.push(`${m.moduleId} > ${s.fullName}: ${e.message}`);
    for (const t of m.children.allTests()) {
      const state = t.result().state;
      if (state === 'passed') c.passed += 1;
      else if (state === 'skipped') c[t.options.mode === 'todo' ? 'todo' : 'skipped'] += 1;
      else {
        c.failed += 1;
        const error = t.result().errors?.[0]?.message.split('\n')[0] ?? `never finished (${state})`;
        c.failedTests.push(`${relativeId(m.moduleId)} > ${t.fullName}: ${error}`);
      }
    }
  }
  return c;
}

/** A test file's path from the repository root, short enough for a summary line. */
const relativeId = (id: string): string => id.replace(`${process.cwd()}/`, '');

/** Failures of a phase: failed tests, plus every error no test owns. */
export const failuresOf = (c: PhaseCounts): number => c.failed + c.suiteErrors.length + c.unhandledErrors.length;
