/** Requests straight to the origin through the emulator, SigV4-signed as the edge signs them. */
import { AwsClient } from 'aws4fetch';
import { LOCAL_AWS } from '../../../dev/local-config.ts';
import { AWS_KEYS, emulator } from '../../helpers.ts';

/** An aws4fetch client with the edge's keys (or others), service lambda, no retries. */
export const signer = (keys: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = AWS_KEYS()) =>
  new AwsClient({ ...keys, service: 'lambda', region: LOCAL_AWS.region, retries: 0 });

/** Signs and sends one request to the origin; `principal` becomes the signed x-lb-principal header. */
export async function originFetch(method: string, path: string, o: { body?: string; headers?: Record<string, string>; principal?: string; timeoutMs?: number } = {}): Promise<Response> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.principal) headers['x-lb-principal'] = o.principal;
  return signer().fetch(emulator() + path, { method, headers, ...(o.body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body: o.body } : {}), signal: AbortSignal.timeout(o.timeoutMs ?? 30_000) });
}
