/**
 * `npm test`: every phase in turn, each on services it starts and stops itself.
 *   1. unit        core, origin, edge, dev (the gateway, emulator and Valkey runners on real servers)
 *   2. integration through the edge, with standalone Valkey
 *   3. integration through the edge, with the 3-shard TLS Valkey cluster
 *   4. the web app in Chromium (playwright-core) against the stack, with standalone Valkey
 *   5. e2e: the same suite plus artifact checks, with the origin running from the built bundle
 *      (dist/origin/index.cjs) and GLIDE from a Lambda-style layer, on the TLS cluster
 *   6. chaos: faults, load, bad input and signatures (test/chaos), shortened (LB_CHAOS=short)
 * `tsx test/run.ts chaos` (npm run test:chaos) runs only the chaos phase, in full unless LB_CHAOS is set.
 * Exits non-zero when any phase fails, and ends with one "N passed, N failed" line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { ensureChromium, ensureValkey } from '../dev/provision.ts';

const root = resolve(import.meta.dirname, '..');
ensureValkey(root);
const vitest = join(root, 'node_modules/vitest/vitest.mjs');

// Always rebuilt: the browser phase must test the current web/ sources, not an old web/dist.
console.log('[test] building the web app');
const build = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0 || !existsSync(join(root, 'web/dist/index.html'))) {
  console.error('[test] the web app did not build');
  process.exit(1);
}

/** `suiteCheck`: the phase's global teardown must report a passing end-of-suite check (see test/setup/global-stack.ts). */
const phases: { name: string; args: string[]; env?: Record<string, string>; suiteCheck?: boolean }[] = [
  { name: 'unit', args: ['--project', 'unit'] },
  { name: 'integration (standalone Valkey)', args: ['--project', 'integration'], env: { LB_TEST_VALKEY: 'standalone' }, suiteCheck: true },
  { name: 'integration (3-shard TLS Valkey cluster)', args: ['--project', 'integration'], env: { LB_TEST_VALKEY: 'cluster' }, suiteCheck: true },
  { name: 'browser (standalone Valkey)', args: ['--project', 'browser'], env: { LB_TEST_VALKEY: 'standalone' }, suiteCheck: true },
  { name: 'e2e (built artifact, 3-shard TLS Valkey cluster)', args: ['--project', 'e2e'], env: { LB_TEST_VALKEY: 'cluster' }, suiteCheck: true },
];
const only = process.argv[2];
// The chaos phase is shortened inside `npm test`; run alone, it is the full form unless LB_CHAOS says otherwise.
phases.push({ name: 'chaos', args: ['--project', 'chaos'], env: { LB_CHAOS: process.env.LB_CHAOS ?? (only === 'chaos' ? 'full' : 'short') } });


let passed = 0;
let failed = 0;
let broken = false;
for (const [i, phase] of phases.entries()) {
  if (only && !phase.name.startsWith(only)) continue;
  console.log(`\n[test] phase ${i + 1}/${phases.length}: ${phase.name}`);
  if (phase.name.startsWith('browser')) ensureChromium();
  const report = join(tmpdir(), `lb-vitest-${process.pid}-${i}.json`);
  const check = join(tmpdir(), `lb-suite-check-${process.pid}-${i}.json`);
  const run = spawnSync(process.execPath, [vitest, 'run', ...phase.args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...phase.env, WRANGLER_SEND_METRICS: 'false', LB_SUITE_CHECK_FILE: check },
  });
  if (phase.suiteCheck) {
    const outcome = existsSync(check) ? (JSON.parse(readFileSync(check, 'utf8')) as { name: string; ok: boolean }) : { name: 'end-of-suite check (did not run)', ok: false };
    rmSync(check, { force: true });
    console.log(`[test] ${outcome.ok ? 'passed' : 'FAILED'}: ${outcome.name}`);
    if (outcome.ok) passed += 1;
    else {
      failed += 1;
      broken = true;
    }
  }
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number };
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    rmSync(report);
  }
  if (run.status !== 0) broken = true;
}

console.log(`\n[test] ${broken ? 'FAILED' : 'all phases passed'}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(broken || failed > 0 ? 1 : 0);
