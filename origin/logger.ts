/** The origin's one structured JSON logger (Powertools for AWS Lambda). */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({
  serviceName: 'leaderboard-origin',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO',
});

export type Log = (level: 'debug' | 'info' | 'warn' | 'error', message: string, extra?: Record<string, unknown>) => void;

/** A log function that stamps every line with the request id. */
export function requestLog(requestId: string): Log {
  return (level, message, extra) => logger[level](message, { requestId, ...extra });
}
