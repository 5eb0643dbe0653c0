/**
 * The chaos table of docs/reliability.md, generated from a run's summary
 * (`npm run test:chaos -- --update-readme`; the README links to it).
 */
import { join } from 'node:path';

export const RELIABILITY_DOC = join(import.meta.dirname, '../../../docs/reliability.md');

export const CHAOS_START = '<!-- chaos:start -->';
export const CHAOS_END = '<!-- chaos:end -->';

/** The generated block: which command made the table, when, how long it took, and the table. */
export function chaosSection(o: { command: string; date: string; minutes: number; table: string }): string {
  return [CHAOS_START, `This one came from \`${o.command}\` (${o.minutes.toFixed(1)} minutes) on ${o.date}:`, '', o.table.trimEnd(), CHAOS_END].join('\n');
}

/** Replaces the block between the chaos markers; a file without them is an error, not a silent append. */
export function spliceChaos(readme: string, section: string): string {
  const start = readme.indexOf(CHAOS_START);
  const end = readme.indexOf(CHAOS_END);
  if (start === -1 || end < start) throw new Error(`docs/reliability.md has no ${CHAOS_START} … ${CHAOS_END} block to replace`);
  return readme.slice(0, start) + section + readme.slice(end + CHAOS_END.length);
}
