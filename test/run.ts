/**
 * `npm test`: typecheck and lint, then every phase in turn, each on services it starts and stops itself.
 *   1. checks      typecheck and lint
 *   2. unit        core, origin, edge, dev, client (the gateway, emulator and Valkey runners on real servers)
 *   3. integration through the edge, with standalone Valkey and PostgreSQL 15 (real concurrent transactions)
 *   4. integration through the edge, with the 3-shard TLS Valkey cluster and PGlite
 *   5. the web app in Chromium (playwright-core) against the stack, with standalone Valkey
 *   6. e2e: the same suite plus artifact checks, with the origin running from the built bundle
 *      (dist/origin/index.cjs) and GLIDE from a Lambda-style layer, on the TLS cluster
 *   7. chaos: faults, load, bad input and signatures (test/chaos), shortened (LB_CHAOS=short)
 * `tsx test/run.ts <name>` runs only the phases whose name starts with <name> (typecheck and lint
 * only when <name> is `checks`); a name that matches no phase is an error.
 * `tsx test/run.ts chaos` (npm run test:chaos) runs only the chaos phase, in full unless LB_CHAOS is set;
 * with `--update-readme` it also writes its summary table into docs/reliability.md.
 * Every phase is counted by test/runner/summary-reporter.ts: failed tests, and errors no test owns
 * (a file that fails to import, a failing beforeAll/afterAll, an unhandled error) are failures;
 * skipped and todo tests are reported. Ends with one "N passed, N failed, N skipped, N todo" line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { ensureChromium, ensurePostgres15, ensureValkey } from '../dev/provision.ts';
import { failuresOf, type PhaseCounts } from './runner/counts.ts';
import { selectPhases, type Phase } from './runner/phases.ts';

const root = resolve(import.meta.dirname, '..');
const vitest = join(root, 'node_modules/vitest/vitest.mjs');

const args = process.argv.slice(2);
const only = args.find((a) => !a.startsWith('--'));
/** `--update-readme` (with the chaos phase): the chaos table of docs/reliability.md is rewritten from this run's summary. */
const updateReadme = args.includes('--update-readme');
const phases: Phase[] = [
  { name: 'checks', command: ['npm', 'run', '--silent', 'typecheck'], also: ['npm', 'run', '--silent', 'lint'] },
  { name: 'unit', args: ['--project', 'unit'] },
  { name: 'integration (standalone Valkey, PostgreSQL 15)', args: ['--project', 'integration'], env: { LB_TEST_VALKEY: 'standalone', LB_TEST_POSTGRES: 'pg15' }, suiteCheck: true },
  { name: 'integration (3-shard TLS Valkey cluster, PGlite)', args: ['--project', 'integration'], env: { LB_TEST_VALKEY: 'cluster' }, suiteCheck: true },
  { name: 'browser (standalone Valkey)', args: ['--project', 'browser'], env: { LB_TEST_VALKEY: 'standalone' }, suiteCheck: true },
  { name: 'e2e (built artifact, 3-shard TLS Valkey cluster)', args: ['--project', 'e2e'], env: { LB_TEST_VALKEY: 'cluster' }, suiteCheck: true },
  // The chaos phase is shortened inside `npm test`; run alone, it is the full form unless LB_CHAOS says otherwise.
  { name: 'chaos', args: ['--project', 'chaos'], env: { LB_CHAOS: process.env.LB_CHAOS ?? (only === 'chaos' ? 'full' : 'short'), ...(updateReadme ? { LB_CHAOS_UPDATE_README: '1' } : {}) } },
];

const selected = selectPhases(phases, only);
if (selected.length === 0) {
  console.error(`[test] no phase matches "${only}"; the phases are: ${phases.map((p) => p.name).join('; ')}`);
  process.exit(2);
}

ensureValkey(root);
// The unit phase, the first integration phase and the chaos history check run PostgreSQL 15.
if (selected.some((p) => p.name === 'unit' || p.env?.LB_TEST_POSTGRES === 'pg15' || p.name === 'chaos')) ensurePostgres15();
if (selected.some((p) => p.args)) {
  // Always rebuilt: the browser phase must test the current web/ sources, not an old web/dist.
  console.log('[test] building the web app');
  const build = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0 || !existsSync(join(root, 'web/dist/index.html'))) {
    console.error('[test] the web app did not build');
    process.exit(1);
  }
}

const total = { passed: 0, failed: 0, skipped: 0, todo: 0 };
const problems: string[] = [];
const fail = (what: string) => {
  total.failed += 1;
  problems.push(what);
};

for (const phase of selected) {
  const i = phases.indexOf(phase);
  console.log(`\n[test] phase ${i + 1}/${phases.length}: ${phase.name}`);
  if (phase.command) {
    // typecheck and lint: each command is one check.
    for (const cmd of [phase.command, ...(phase.also ? [phase.also] : [])]) {
      const run = spawnSync(cmd[0]!, cmd.slice(1), { cwd: root, stdio: 'inherit' });
      if (run.status === 0) total.passed += 1;
      else fail(`${phase.name}: \`${cmd.join(' ')}\` exited with ${run.status ?? run.signal}`);
    }
    continue;
  }
  if (phase.name.startsWith('browser')) ensureChromium();
  const summary = join(tmpdir(), `lb-vitest-${process.pid}-${i}.json`);
  const check = join(tmpdir(), `lb-suite-check-${process.pid}-${i}.json`);
  const run = spawnSync(process.execPath, [vitest, 'run', ...phase.args!, '--reporter=default', `--reporter=${join(root, 'test/runner/summary-reporter.ts')}`], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...phase.env, WRANGLER_SEND_METRICS: 'false', LB_SUITE_CHECK_FILE: check, LB_SUMMARY_FILE: summary },
  });
  if (phase.suiteCheck) {
    const outcome = existsSync(check) ? (JSON.parse(readFileSync(check, 'utf8')) as { name: string; ok: boolean; detail?: string }) : { name: 'end-of-suite check (did not run)', ok: false };
    rmSync(check, { force: true });
    console.log(`[test] ${outcome.ok ? 'passed' : 'FAILED'}: ${outcome.name}${outcome.detail ? ` (${outcome.detail})` : ''}`);
    if (outcome.ok) total.passed += 1;
    else fail(`${phase.name}: ${outcome.name}`);
  }
  if (!existsSync(summary)) {
    fail(`${phase.name}: vitest ended without a report (exit ${run.status ?? run.signal})`);
    continue;
  }
  const c = JSON.parse(readFileSync(summary, 'utf8')) as PhaseCounts;
  rmSync(summary);
  total.passed += c.passed;
  total.failed += failuresOf(c);
  total.skipped += c.skipped;
  total.todo += c.todo;
  for (const e of [...c.suiteErrors, ...c.unhandledErrors]) problems.push(`${phase.name}: ${e.split('\n')[0]}`);
  if (c.failed > 0) problems.push(`${phase.name}: ${c.failed} failed tests`, ...c.failedTests.map((t) => `  ${t}`));
  console.log(`[test] ${phase.name}: ${c.files} files, ${c.passed} passed, ${failuresOf(c)} failed (${c.suiteErrors.length} suite or hook errors, ${c.unhandledErrors.length} unhandled), ${c.skipped} skipped, ${c.todo} todo`);
  if (c.files === 0) fail(`${phase.name}: no test file ran`);
  // vitest failing with every count clean (e.g. a global setup that threw) is still a failure.
  if (run.status !== 0 && failuresOf(c) === 0 && c.files > 0) fail(`${phase.name}: vitest exited with ${run.status ?? run.signal}`);
}

const broken = total.failed > 0;
if (problems.length) console.log(`\n[test] failures:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
console.log(`\n[test] ${broken ? 'FAILED' : 'all phases passed'}`);
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped, ${total.todo} todo`);
process.exit(broken ? 1 : 0);
