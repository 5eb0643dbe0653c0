/**
 * A single in-process "execution environment": lazy handler load (cold start), then invocations with a timeout.
 */

export type LambdaHandler = (event: unknown, context: unknown) => Promise<unknown>;

export type InvokeOutcome =
  | { ok: true; result: unknown }
  | { ok: false; kind: 'init' | 'error' | 'timeout'; error: unknown };

export interface Runtime {
  invoke(event: unknown, context: unknown, timeoutMs: number): Promise<InvokeOutcome>;
  /** True once the handler has been loaded. */
  readonly warm: boolean;
}

type CallbackHandler = (event: unknown, context: unknown, callback: (err?: unknown, result?: unknown) => void) => unknown;

function call(handler: LambdaHandler, event: unknown, context: unknown): Promise<unknown> {
  if (handler.length < 3) return Promise.resolve().then(() => handler(event, context));
  // Callback-style handler: whichever of callback and returned promise settles first wins.
  return new Promise((resolve, reject) => {
    const callback = (err?: unknown, result?: unknown): void => (err ? reject(err) : resolve(result));
    Promise.resolve()
      .then(() => (handler as unknown as CallbackHandler)(event, context, callback))
      .then((r) => (r !== undefined ? resolve(r) : undefined), reject);
  });
}

/** Creates a runtime that loads the handler on first use and caches it (a failed load is retried next time). */
export function createRuntime(loadHandler: () => Promise<LambdaHandler>): Runtime {
  let loading: Promise<LambdaHandler> | null = null;
  let warm = false;
  return {
    get warm() {
      return warm;
    },
    async invoke(event, context, timeoutMs) {
      let handler: LambdaHandler;
      try {
        loading ??= loadHandler();
        handler = await loading;
        if (typeof handler !== 'function') throw new TypeError('The handler module does not export a function named "handler"');
        warm = true;
      } catch (error) {
        loading = null;
        return { ok: false, kind: 'init', error };
      }
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<InvokeOutcome>((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, kind: 'timeout', error: new Error(`Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`) }), timeoutMs);
      });
      const run = call(handler, event, context).then(
        (result): InvokeOutcome => ({ ok: true, result }),
        (error: unknown): InvokeOutcome => ({ ok: false, kind: 'error', error }),
      );
      try {
        return await Promise.race([run, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
