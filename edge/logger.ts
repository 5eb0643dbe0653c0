/**
 * The edge's one logger: each line is one JSON object with the request id, in the origin's shape
 * (origin/logger.ts), so a request can be followed from edge.log into origin.log.
 * On Cloudflare, lines go through console.info/warn/error, so Workers Logs keeps their level.
 * In local development (DEV_MODE) every line goes through console.info: wrangler dev prints it at
 * its `info` log level as it is (console.log is below that level, and it boxes warnings and errors
 * as "▲ [WARNING] …" with a blank line after), so edge.log keeps one JSON object per line.
 *
 * A request writes one `request` line when its answer goes out. What happened on the way (the
 * origin call's status and time) is noted onto that line rather than written on a line of its
 * own: each console line costs CPU on the request path (and, under wrangler dev, a trip through
 * its inspector relay; docs/performance.md). Warnings and errors still get their own lines.
 */
export type EdgeLogLevel = 'info' | 'warn' | 'error';

export type EdgeLog = (level: EdgeLogLevel, message: string, extra?: Record<string, unknown>) => void;

/** A request's log: lines stamped with its id, and fields noted for its one `request` line. */
export interface RequestLog extends EdgeLog {
  /** Adds fields to the request line; false once that line is out (the caller then writes its own). */
  note(fields: Record<string, unknown>): boolean;
  /** Writes the request line with everything noted; notes after it are refused. */
  finish(fields: Record<string, unknown>): void;
}

const WRITE: Record<EdgeLogLevel, (line: string) => void> = {
  info: (line) => console.info(line),
  warn: (line) => console.warn(line),
  error: (line) => console.error(line),
};

/** A log function that stamps every line with the request id; `local` (DEV_MODE) writes every level with console.info. */
export function requestLog(requestId: string, local = false): RequestLog {
  const line: EdgeLog = (level, message, extra) =>
    WRITE[local ? 'info' : level](JSON.stringify({ level: level.toUpperCase(), message, timestamp: new Date().toISOString(), service: 'leaderboard-edge', requestId, ...extra }));
  let noted: Record<string, unknown> | null = {};
  return Object.assign(line, {
    note(fields: Record<string, unknown>): boolean {
      if (!noted) return false;
      Object.assign(noted, fields);
      return true;
    },
    finish(fields: Record<string, unknown>): void {
      const extra = { ...fields, ...noted };
      noted = null;
      line('info', 'request', extra);
    },
  });
}

/** An error as log fields, without a stack. */
export const errorFields = (err: unknown): Record<string, unknown> => ({ error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
