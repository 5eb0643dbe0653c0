/** Reads .dev.vars (creating it from .dev.vars.example when missing). */
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Parses KEY=VALUE lines, ignoring comments and blanks. */
export function parseVars(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m?.[1]) out[m[1]] = m[2]!.replace(/^"(.*)"$/, '$1');
  }
  return out;
}

/** The local secrets of the edge; copies the example file on first use. */
export function loadDevVars(root: string): Record<string, string> {
  const file = join(root, '.dev.vars');
  if (!existsSync(file)) copyFileSync(join(root, '.dev.vars.example'), file);
  return parseVars(readFileSync(file, 'utf8'));
}
