/**
 * Crashes and hangs seen while fuzzing. A request that ends in a dropped connection, in wrangler
 * dev's "Your worker restarted mid-request" 503, or in no answer within the production timeout
 * is not checked like an answer: its exact input is recorded here, and replayed alone against a
 * fresh edge or origin at the end. One that happens again is a failure, printed with its input.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseTemplate } from '../../../build/cloudformation.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

export type IncidentKind = 'connection lost' | 'runtime restarted' | 'no answer in time' | 'threw';

export interface FuzzInput {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** The signed principal of a request straight to the origin. */
  principal?: string;
}

export interface Incident {
  where: 'edge' | 'origin';
  kind: IncidentKind;
  detail: string;
  input: FuzzInput;
}

/** Production's timeouts: the edge's ORIGIN_TIMEOUT_MS (wrangler.toml) and the function's Timeout (template.yaml). */
export function productionTimeouts(): { edgeOriginMs: number; lambdaMs: number } {
  const toml = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8');
  const edgeOriginMs = Number(/^ORIGIN_TIMEOUT_MS\s*=\s*"(\d+)"/m.exec(toml)?.[1]);
  const t = parseTemplate(readFileSync(join(ROOT, 'template.yaml'), 'utf8')) as { Globals?: { Function?: { Timeout?: number } }; Resources: Record<string, { Type: string; Properties?: { Timeout?: number } }> };
  const fn = Object.values(t.Resources).find((r) => r.Type === 'AWS::Serverless::Function');
  const lambdaS = Number(fn?.Properties?.Timeout ?? t.Globals?.Function?.Timeout);
  if (!(edgeOriginMs > 0) || !(lambdaS > 0)) throw new Error('could not read ORIGIN_TIMEOUT_MS from wrangler.toml or the function Timeout from template.yaml');
  return { edgeOriginMs, lambdaMs: lambdaS * 1000 };
}

/** How a failed send is classed: a timeout is a hang, a fetch that failed is a lost connection. */
export function classify(err: unknown): IncidentKind {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'no answer in time';
  if (err instanceof TypeError && err.message === 'fetch failed') return 'connection lost';
  return 'threw';
}

/** wrangler dev's answer when its workerd went away under a non-GET request. */
export const isRuntimeRestart = (status: number, text: string) => status === 503 && text.includes('Your worker restarted mid-request');

/** The input as a reader can resend it: long bodies are cut in the middle, with their length. */
export function describeInput(i: Incident): string {
  const body = i.input.body === undefined ? '' : i.input.body.length > 600 ? `${i.input.body.slice(0, 300)}…(${i.input.body.length} chars)…${i.input.body.slice(-300)}` : i.input.body;
  return `${i.where} ${i.kind} (${i.detail}): ${i.input.method} ${i.input.path} headers=${JSON.stringify(i.input.headers)}${i.input.principal !== undefined ? ` principal=${JSON.stringify(i.input.principal)}` : ''} body=${JSON.stringify(body)}`;
}
