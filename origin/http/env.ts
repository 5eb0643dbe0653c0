/** Hono typing of the origin app: Lambda bindings plus per-request variables. */
import type { LambdaContext, LambdaEvent } from 'hono/aws-lambda';
import type { Principal } from '../../core/index.ts';
import type { Deps } from '../leaderboard/deps.ts';

export interface OriginEnv {
  Bindings: { event?: LambdaEvent; lambdaContext?: LambdaContext; requestContext?: unknown };
  Variables: { requestId: string; deps: Deps; principal: Principal | null };
}
