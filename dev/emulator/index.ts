/** Public surface of the local Lambda Function URL emulator. */
export { createEmulator, startEmulator } from './emulator.ts';
export type { Emulator, EmulatorOptions, EmulatorStats, RunningEmulator } from './emulator.ts';
export { toFunctionUrlEvent } from './event.ts';
export type { CallerIdentity, EventOptions, EventRequest, FunctionUrlEvent } from './event.ts';
export { verifySigV4 } from './sigv4-verify.ts';
export type { SigV4Credentials, SignedRequest, VerifyFailureReason, VerifyOptions, VerifyResult } from './sigv4-verify.ts';
export type { LambdaHandler } from './runtime.ts';
export { importHandler } from './load-handler.ts';
