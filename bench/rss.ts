/** Samples a process's resident set size from /proc while something runs. */
import { readFileSync } from 'node:fs';

/** The RSS of a process in MB, or NaN when it cannot be read (not Linux, or the process is gone). */
export function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Starts sampling every `everyMs`; `stop()` returns the peak and the last sample. */
export function sampleRss(pid: number, everyMs = 200): { stop(): { peak: number; last: number; samples: number } } {
  let peak = Number.NaN;
  let last = Number.NaN;
  let samples = 0;
  const take = () => {
    last = rssMb(pid);
    if (Number.isFinite(last)) {
      samples++;
      peak = Number.isFinite(peak) ? Math.max(peak, last) : last;
    }
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return { peak, last, samples };
    },
  };
}
