/**
 * `npm test`: every phase in turn, each on services it starts and stops itself.
 *   1. unit        core, origin, edge, dev (the gateway, emulator and Valkey runners on real servers)
 *   2. integration through the edge, with standalone Valkey
 *   3. integration through the edge, with the 3-shard TLS Valkey cluster
 *   4. chaos: faults, load, bad input and signatures (test/chaos), shortened (LB_CHAOS=short)
 * `tsx test/run.ts chaos` (npm run test:chaos) runs only the chaos phase, in full unless LB_CHAOS is set.
 * Exits non-zero when any phase fails, and ends with one "N passed, N failed" line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { ensureValkey } from '../dev/provision.ts';

const root = resolve(import.meta.dirname, '..');
ensureValkey(root);
const vitest = join(root, 'node_modules/vitest/vitest.mjs');

if (!existsSync(join(root, 'web/dist/index.html'))) {
  console.log('[test] building the web app');
  spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}

const phases: { name: string; args: string[]; env?: Record<string, string> }[] = [
  { name: 'unit', args: ['--project', 'unit'] },
  { name: 'integration (standalone Valkey)', args: ['--project', 'integration'], env: { LB_TEST_VALKEY: 'standalone' } },
  { name: 'integration (3-shard TLS Valkey cluster)', args: ['--project', 'integration'], env: { LB_TEST_VALKEY: 'cluster' } },
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
  const report = join(tmpdir(), `lb-vitest-${process.pid}-${i}.json`);
  const run = spawnSync(process.execPath, [vitest, 'run', ...phase.args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...phase.env, WRANGLER_SEND_METRICS: 'false' },
  });
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
