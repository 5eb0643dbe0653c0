/** The local PostgREST-compatible RPC gateway. */
export { createGateway, startGateway } from './gateway.ts';
export type { GatewayOptions, GatewayLogEntry, RunningGateway } from './gateway.ts';
export { statusForSqlState } from './errors.ts';
export type { PgrstErrorBody } from './errors.ts';
