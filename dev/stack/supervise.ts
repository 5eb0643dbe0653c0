/**
 * Keeps a service of the stack running: when its process exits without having been asked to stop,
 * it is started again, and the stack's log says so. Used for the edge (wrangler dev), which a busy
 * machine has been seen to lose mid-run; a stop() or kill() through the handle is never undone.
 */
import type { Service } from './service.ts';

export interface Supervised extends Service {
  /** How many times the service was started again after dying. */
  readonly restarts: number;
}

export interface SuperviseOptions {
  name: string;
  start: () => Promise<Service>;
  log: (line: string) => void;
  /** Gives up after this many restarts in a row that die within `settleMs` of starting. */
  maxQuickDeaths?: number;
  settleMs?: number;
}

/** Starts the service and restarts it whenever it dies on its own. The returned handle always acts on the live process. */
export async function supervise(o: SuperviseOptions): Promise<Supervised> {
  let current = await o.start();
  let stopping = false;
  let restarts = 0;
  let quickDeaths = 0;
  let restarting: Promise<void> | undefined;

  const watch = (svc: Service) => {
    const startedAt = Date.now();
    void svc.exited.then((code) => {
      if (stopping || svc !== current) return;
      quickDeaths = Date.now() - startedAt < (o.settleMs ?? 30_000) ? quickDeaths + 1 : 0;
      if (quickDeaths > (o.maxQuickDeaths ?? 3)) {
        o.log(`${o.name} (pid ${svc.pid}) exited with code ${code}, again soon after starting; not restarting it any more`);
        return;
      }
      o.log(`${o.name} (pid ${svc.pid}) exited unexpectedly with code ${code}; restarting it`);
      restarting = (async () => {
        try {
          const next = await o.start();
          if (stopping) return void (await next.stop());
          current = next;
          restarts += 1;
          o.log(`${o.name} restarted (pid ${next.pid}, restart ${restarts})`);
          watch(next);
        } catch (err) {
          o.log(`${o.name} could not be restarted: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
        } finally {
          restarting = undefined;
        }
      })();
    });
  };
  watch(current);

  const halt = async (how: (s: Service) => Promise<void>) => {
    stopping = true;
    await restarting;
    await how(current);
  };
  return {
    name: o.name,
    get pid() {
      return current.pid;
    },
    get exited() {
      return current.exited;
    },
    get restarts() {
      return restarts;
    },
    stop: () => halt((s) => s.stop()),
    kill: (signal) => halt((s) => s.kill(signal)),
  };
}
