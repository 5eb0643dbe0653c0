/** The phase summary counts what vitest really did: run on fixture files in a scratch directory. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { failuresOf, type PhaseCounts } from './counts.ts';
import { selectPhases } from './phases.ts';

const root = resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Runs vitest (globals on, no config) over the given files and returns the reporter's counts. */
function countsOf(files: Record<string, string>): PhaseCounts {
  const dir = mkdtempSync(join(tmpdir(), 'lb-reporter-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const out = join(dir, 'summary.json');
  spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir, '--globals', `--reporter=${join(root, 'test/runner/summary-reporter.ts')}`], {
    cwd: root,
    env: { ...process.env, LB_SUMMARY_FILE: out },
  });
  return JSON.parse(readFileSync(out, 'utf8')) as PhaseCounts;
}

describe('the phase summary', () => {
  it('counts a failing afterAll, a file that fails to import, skipped and todo tests', () => {
    const c = countsOf({
      'hooks.test.js': "describe('s', () => { afterAll(() => { throw new Error('hook boom'); }); it('ok', () => expect(1).toBe(1)); it.skip('later', () => {}); it.todo('some day'); });",
      'import.test.js': "import './missing.js'; it('never runs', () => {});",
    });
    expect(c).toMatchObject({ files: 2, passed: 1, failed: 0, skipped: 1, todo: 1 });
    expect(c.suiteErrors).toEqual([expect.stringContaining('hook boom'), expect.stringContaining('missing.js')]);
    expect(failuresOf(c)).toBe(2);
  });

  it('counts a failing beforeAll and a failing test once each, and a clean run as clean', () => {
    const bad = countsOf({ 'a.test.js': "describe('s', () => { beforeAll(() => { throw new Error('setup boom'); }); it('a', () => {}); }); it('b', () => expect(1).toBe(2));" });
    expect(bad.suiteErrors).toEqual([expect.stringContaining('setup boom')]);
    // The test under the failed beforeAll never ran: vitest marks it skipped, the hook error is the failure.
    expect(failuresOf(bad)).toBeGreaterThanOrEqual(2);
    expect(bad.failedTests).toContainEqual(expect.stringMatching(/a\.test\.js > b: .*expected 1 to be 2/));
    const good = countsOf({ 'a.test.js': "it('a', () => expect(2).toBe(2));" });
    expect(good).toMatchObject({ files: 1, passed: 1, failed: 0, failedTests: [], suiteErrors: [], unhandledErrors: [] });
    expect(failuresOf(good)).toBe(0);
  });
});

describe('the phase filter', () => {
  const phases = [{ name: 'unit' }, { name: 'integration (a)' }, { name: 'integration (b)' }, { name: 'chaos' }];
  it('selects by prefix, everything without a filter, and nothing for an unknown name', () => {
    expect(selectPhases(phases, undefined)).toHaveLength(4);
    expect(selectPhases(phases, 'integration').map((p) => p.name)).toEqual(['integration (a)', 'integration (b)']);
    expect(selectPhases(phases, 'integraton')).toEqual([]);
  });
});
