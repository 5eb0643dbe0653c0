import { GlideClient, GlideClusterClient, Logger } from '@valkey/valkey-glide';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startValkeyCluster, startValkeyStandalone } from './index.ts';
import type { ValkeyCluster, ValkeyServer } from './index.ts';
import { UNIT_PORTS } from '../local-config.ts';

const STANDALONE_PORT = UNIT_PORTS.valkey;
const CLUSTER_BASE = UNIT_PORTS.clusterBase;

let server: ValkeyServer | undefined;
let cluster: ValkeyCluster | undefined;
const clients: Array<GlideClient | GlideClusterClient> = [];

function track<T extends GlideClient | GlideClusterClient>(client: T): T {
  clients.push(client);
  return client;
}

function closeClient(client: GlideClient | GlideClusterClient): void {
  const idx = clients.indexOf(client);
  if (idx >= 0) clients.splice(idx, 1);
  client.close();
}

function started<T>(value: T | undefined, what: string): T {
  if (!value) throw new Error(`${what} did not start`);
  return value;
}

beforeAll(async () => {
  const [s, c] = await Promise.allSettled([
    startValkeyStandalone({ port: STANDALONE_PORT }),
    startValkeyCluster({ basePort: CLUSTER_BASE }),
  ]);
  if (s.status === 'fulfilled') server = s.value;
  if (c.status === 'fulfilled') cluster = c.value;
  if (s.status === 'rejected') throw s.reason;
  if (c.status === 'rejected') throw c.reason;
});

afterAll(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all([server?.stop(), cluster?.stop()]);
});

describe('standalone valkey', () => {
  it('serves GLIDE and comes back empty after SIGKILL + restart', async () => {
    const s = started(server, 'standalone');
    const addresses = [{ host: s.host, port: s.port }];
    const client = track(await GlideClient.createClient({ addresses, requestTimeout: 2000 }));
    await client.set('greeting', 'hello');
    expect(await client.get('greeting')).toBe('hello');
    expect(await client.dbsize()).toBe(1);

    const oldPid = s.pid;
    await s.kill('SIGKILL');
    await s.restart();
    expect(s.pid).not.toBe(oldPid);
    closeClient(client);

    const fresh = track(await GlideClient.createClient({ addresses, requestTimeout: 2000 }));
    expect(await fresh.ping()).toBe('PONG');
    expect(await fresh.dbsize()).toBe(0);
    expect(await fresh.get('greeting')).toBeNull();
  });

  it('refuses to start on a port that is taken', async () => {
    await expect(startValkeyStandalone({ port: STANDALONE_PORT })).rejects.toThrow(`Port ${STANDALONE_PORT} `);
  });
});

describe('TLS valkey cluster', () => {
  it('has 3 primaries and 3 replicas over TLS', async () => {
    const c = started(cluster, 'cluster');
    expect(c.tls).toBe(true);
    expect(c.nodes).toHaveLength(6);
    expect(c.caPem).toContain('BEGIN CERTIFICATE');
    expect(await c.primaries()).toHaveLength(3);
  });

  it('serves GLIDE with the private CA across all shards', async () => {
    const c = started(cluster, 'cluster');
    const client = track(
      await GlideClusterClient.createClient({
        addresses: c.nodes.map(({ host, port }) => ({ host, port })),
        useTLS: true,
        advancedConfiguration: { tlsAdvancedConfiguration: { rootCertificates: c.caPem } },
        requestTimeout: 2000,
      }),
    );
    const keys = Array.from({ length: 30 }, (_, i) => `runner-test:${i}`);
    for (const key of keys) await client.set(key, `v-${key}`);
    for (const key of keys) expect(await client.get(key)).toBe(`v-${key}`);

    const slots = new Set(await Promise.all(keys.map((k) => client.customCommand(['CLUSTER', 'KEYSLOT', k]))));
    expect(slots.size).toBeGreaterThan(3);
    // Every primary holds some of the keys, so they really are spread over the shards.
    const primaries = await c.primaries();
    expect(primaries).toHaveLength(3);
    for (const { host, port } of primaries) {
      const count = await client.customCommand(['DBSIZE'], { route: { type: 'routeByAddress', host, port } });
      expect(count).toBeGreaterThan(0);
    }
    expect(await client.dbsize({ route: 'allPrimaries' })).toBe(keys.length);
  });

  it('rejects a client that does not trust the private CA', async () => {
    const c = started(cluster, 'cluster');
    // GLIDE logs the (expected) certificate error at ERROR level; keep the test output clean.
    Logger.setLoggerConfig('off');
    try {
      const attempt = GlideClusterClient.createClient({
        addresses: c.nodes.slice(0, 1).map(({ host, port }) => ({ host, port })),
        useTLS: true,
        advancedConfiguration: { connectionTimeout: 1000 },
        requestTimeout: 1000,
      }).then(track);
      await expect(attempt).rejects.toThrow(/certificate|UnknownIssuer/i);
    } finally {
      Logger.setLoggerConfig('warn');
    }
  });
});
