/** CPU time of process trees from /proc (Linux), to show where a load spends the machine's cores. */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_S = 100; // USER_HZ on Linux

interface Proc {
  pid: number;
  ppid: number;
  ticks: number;
  cmd: string;
}

function processes(): Proc[] {
  const out: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command, which is in parentheses and may contain spaces.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
      // utime + stime, plus cutime + cstime: a child that exits (a Postgres backend, a worker) moves its time to its parent.
      out.push({ pid: Number(name), ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14]), cmd });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** A process by its command line, e.g. the postmaster of a data dir. */
export function findPid(matches: (cmd: string) => boolean): number | null {
  return processes().find((p) => matches(p.cmd))?.pid ?? null;
}

/** A descendant of `root` by its command line, e.g. workerd under wrangler dev. */
export function findDescendantPid(root: number, matches: (cmd: string) => boolean): number | null {
  return descendantPids(root, matches)[0] ?? null;
}

/** Every descendant of `root` whose command line matches. */
export function descendantPids(root: number, matches: (cmd: string) => boolean): number[] {
  const all = processes();
  const children = new Map<number, Proc[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const out: number[] = [];
  const stack = [...(children.get(root) ?? [])];
  while (stack.length) {
    const p = stack.pop()!;
    if (matches(p.cmd)) out.push(p.pid);
    stack.push(...(children.get(p.pid) ?? []));
  }
  return out;
}

/**
 * The workerd process that runs the Worker itself under `wrangler dev`: wrangler starts two, and the
 * other one (its proxy, holding the public port, and its inspector relay) takes the entry socket on a
 * fixed port, while the Worker's runtime listens on one the system picks (`entry=127.0.0.1:0`).
 */
export function workerRuntimePid(wranglerPid: number): number | null {
  return findDescendantPid(wranglerPid, (cmd) => /(^|\/)workerd /.test(cmd) && cmd.includes('--socket-addr=entry=127.0.0.1:0 '));
}

/** CPU seconds used so far by each named process and all its descendants. */
export function cpuSeconds(roots: Record<string, number>): Record<string, number> {
  const all = processes();
  const children = new Map<number, Proc[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const byPid = new Map(all.map((p) => [p.pid, p]));
  const out: Record<string, number> = {};
  for (const [name, pid] of Object.entries(roots)) {
    let ticks = 0;
    const stack = byPid.has(pid) ? [byPid.get(pid)!] : [];
    while (stack.length) {
      const p = stack.pop()!;
      ticks += p.ticks;
      stack.push(...(children.get(p.pid) ?? []));
    }
    out[name] = ticks / TICKS_PER_S;
  }
  return out;
}

/** The CPU seconds each tree used between two snapshots. */
export function cpuDelta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.keys(after).map((k) => [k, (after[k] ?? 0) - (before[k] ?? 0)]));
}
