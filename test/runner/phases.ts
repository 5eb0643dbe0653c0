/** The phases of `npm test`, and which ones a command-line filter selects. */

export interface Phase {
  name: string;
  /** vitest arguments (a vitest phase) ... */
  args?: string[];
  /** ... or a command to run (the checks phase), and a second one. */
  command?: string[];
  also?: string[];
  env?: Record<string, string>;
  /** The phase's global teardown must report a passing end-of-suite check (see test/setup/global-stack.ts). */
  suiteCheck?: boolean;
}

/** Every phase without a filter; with one, the phases whose name starts with it (none is the caller's error to report). */
export function selectPhases(phases: Phase[], filter: string | undefined): Phase[] {
  if (!filter) return phases;
  return phases.filter((p) => p.name.startsWith(filter));
}
