/** The GLIDE client, created once per execution environment and reused. */
import { GlideClient, GlideClusterClient } from '@valkey/valkey-glide';
import type { ValkeyConfig } from '../config.ts';

export type ValkeyClient = GlideClient | GlideClusterClient;

let pending: Promise<ValkeyClient> | undefined;

/** Creates a standalone or cluster client from the configuration, TLS and CA included. */
export async function createValkeyClient(cfg: ValkeyConfig): Promise<ValkeyClient> {
  const common = {
    addresses: cfg.addresses,
    useTLS: cfg.tls,
    requestTimeout: cfg.requestTimeoutMs,
    clientName: 'leaderboard-origin',
    advancedConfiguration: {
      connectionTimeout: cfg.connectTimeoutMs,
      ...(cfg.tls && cfg.caPem ? { tlsAdvancedConfiguration: { rootCertificates: cfg.caPem } } : {}),
    },
  };
  return cfg.cluster ? GlideClusterClient.createClient(common) : GlideClient.createClient(common);
}

/** The shared client; a failed connection attempt is forgotten so the next call retries. */
export function valkey(cfg: ValkeyConfig): Promise<ValkeyClient> {
  if (!pending) {
    pending = createValkeyClient(cfg);
    pending.catch(() => {
      pending = undefined;
    });
  }
  return pending;
}

/** Closes the shared client (tests and graceful shutdown). */
export async function closeValkey(): Promise<void> {
  const p = pending;
  pending = undefined;
  if (p) (await p.catch(() => null))?.close();
}
