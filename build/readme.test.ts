/**
 * The README's claims that the code decides: the error tables (README and docs/api.md) against
 * core/errors.ts, the limits against core/, and its structure (contents, order, links to headings).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS, errorCodeSchema, MAX_BATCH_ENTRIES, MAX_BATCH_BODY_BYTES, MAX_BODY_BYTES, MAX_IDS, MAX_METADATA_BYTES } from '../core/index.ts';
import { ROOT } from './paths.ts';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const API_DOC = readFileSync(join(ROOT, 'docs/api.md'), 'utf8');

/** The rows of the markdown table whose header starts with `| code | status |`: code and status. */
function errorRows(md: string): [string, number][] {
  const start = md.indexOf('| code | status | meaning | what to do |');
  expect(start, 'an error table').toBeGreaterThan(-1);
  const rows: [string, number][] = [];
  for (const line of md.slice(start).split('\n').slice(2)) {
    if (!line.startsWith('|')) break;
    const [code, status] = line.split('|').slice(1, 3).map((c) => c.trim());
    rows.push([code!.replace(/`/g, ''), Number(status)]);
  }
  return rows;
}

/** GitHub's anchor for a heading. */
const anchor = (heading: string) => heading.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');

describe('the README', () => {
  for (const [name, md] of [['README.md', README], ['docs/api.md', API_DOC]] as const) {
    it(`${name}: the error table has every code of core/errors.ts once, with its status`, () => {
      const rows = errorRows(md);
      expect(rows.map(([code]) => code).sort()).toEqual([...errorCodeSchema.options].sort());
      for (const [code, status] of rows) expect(status, code).toBe(ERROR_STATUS[code as keyof typeof ERROR_STATUS]);
    });
  }

  it('states the limits core/ enforces', () => {
    const limits = README.slice(README.indexOf('### Limits'));
    expect(MAX_BODY_BYTES).toBe(64 * 1024);
    expect(MAX_BATCH_BODY_BYTES).toBe(1024 * 1024);
    expect(limits).toContain('| request body | 64 KiB; a batch 1 MiB |');
    expect(limits).toContain(`| batch | 1 to ${MAX_BATCH_ENTRIES} entries`);
    expect(limits).toContain(`| ids per friends query (\`…/players?ids=\`) | 1 to ${MAX_IDS} |`);
    expect(limits).toContain(`at most ${MAX_METADATA_BYTES / 1024} KiB serialized`);
  });

  it('has its sections in the order quick start, use it from your game, API, configuration, deploy, operations', () => {
    const h2 = [...README.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    const order = ['Two commands', 'Use it from your game', 'API', 'Configuration', 'Deploy', 'Operations'];
    expect(h2.filter((h) => order.includes(h!))).toEqual(order);
    expect(h2.indexOf('Contents')).toBe(0);
    expect(h2.indexOf('Use it from your game')).toBe(h2.indexOf('Two commands') + 1);
  });

  it('links only to headings that exist, and its contents name every section', () => {
    const anchors = new Set([...README.matchAll(/^#{2,4} (.+)$/gm)].map((m) => anchor(m[1]!)));
    const links = [...README.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(20);
    for (const link of links) expect(anchors.has(link), `#${link}`).toBe(true);
    const contents = README.slice(README.indexOf('## Contents'), README.indexOf('## Two commands'));
    for (const [, h] of README.matchAll(/^## (.+)$/gm)) if (h !== 'Contents') expect(contents, h).toContain(`(#${anchor(h!)})`);
  });
});
