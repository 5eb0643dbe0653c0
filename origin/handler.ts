/**
 * The Lambda entry point. Function URL requests (payload v2) go to the Hono app; any other
 * event is a maintenance task `{ "task": ... }`, from the admin CLI or a schedule.
 */
import type { Context } from 'aws-lambda';
import { handle } from 'hono/aws-lambda';
import { app } from './app.ts';
import { config } from './config.ts';
import { createDeps } from './deps.ts';
import { requestLog } from './logger.ts';
import { Tally } from './metrics.ts';
import { runTask } from './tasks/run-task.ts';

const http = handle(app);

function isFunctionUrlEvent(event: unknown): event is Parameters<typeof http>[0] {
  return typeof event === 'object' && event !== null && typeof (event as { requestContext?: { http?: unknown } }).requestContext?.http === 'object';
}

export async function handler(event: unknown, context?: Partial<Context>) {
  if (isFunctionUrlEvent(event)) return http(event, context as Context);
  const remainingMs = context?.getRemainingTimeInMillis ? () => context.getRemainingTimeInMillis!() : undefined;
  const requestId = context?.awsRequestId ?? crypto.randomUUID();
  return runTask(createDeps(config(), { log: requestLog(requestId), metrics: new Tally(requestId), now: () => new Date() }), event, remainingMs);
}
