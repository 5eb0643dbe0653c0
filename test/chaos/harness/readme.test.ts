import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHAOS_END, CHAOS_START, chaosSection, RELIABILITY_DOC, spliceChaos } from './readme.ts';
import { summaryTable } from './summary.ts';

describe('the chaos table of docs/reliability.md', () => {
  const table = summaryTable([{ scenario: 'Valkey SIGKILL', acknowledged: 10, found: 10, fuzzed: 0, errors: { '503 unavailable': 2 }, differences: 0, seconds: 12 }]);
  const section = chaosSection({ command: 'npm run test:chaos -- --update-readme', date: '2026-12-01', minutes: 6.44, table });

  it('replaces only what is between the markers', () => {
    const readme = `# x\n\nbefore\n${CHAOS_START}\nold table\n${CHAOS_END}\nafter\n`;
    const out = spliceChaos(readme, section);
    expect(out).toBe(`# x\n\nbefore\n${section}\nafter\n`);
    expect(out).toContain('| Valkey SIGKILL | 10 | 10 | 0 | 0 | 503 unavailable: 2 | 12 |');
    expect(out).toContain('`npm run test:chaos -- --update-readme` (6.4 minutes) on 2026-12-01');
    expect(out).not.toContain('old table');
    // Generating twice gives the same README.
    expect(spliceChaos(out, section)).toBe(out);
  });

  it('lives in docs/reliability.md, which the README links to instead of holding it', () => {
    expect(RELIABILITY_DOC.endsWith('docs/reliability.md')).toBe(true);
    const doc = readFileSync(RELIABILITY_DOC, 'utf8');
    expect(doc.indexOf(CHAOS_END)).toBeGreaterThan(doc.indexOf(CHAOS_START));
    expect(doc.indexOf(CHAOS_START)).toBeGreaterThan(-1);
    const readme = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');
    expect(readme).not.toContain(CHAOS_START);
    expect(readme).toContain('(docs/reliability.md)');
  });

  it('refuses a file without the markers', () => {
    expect(() => spliceChaos('# no markers\n', section)).toThrow(/no <!-- chaos:start -->/);
  });
});
