/**
 * Local-only settings shared by the launcher, the test harness and the dev servers.
 * Nothing here is used in production.
 */

/** Ports of one local stack. `npm start` and `npm test` use different sets so they never collide. */
export interface StackPorts {
  edge: number;
  emulator: number;
  gateway: number;
  valkey: number;
  /** First port of the 3-shard TLS cluster (6 nodes: base .. base+5). */
  clusterBase: number;
  postgres: number;
  /** The local Cloudflare purge API (dev/cloudflare). */
  cloudflare: number;
}

export const DEV_PORTS: StackPorts = {
  edge: 8787,
  emulator: 3001,
  gateway: 54321,
  valkey: 6390,
  clusterBase: 7100,
  postgres: 54329,
  cloudflare: 8789,
};

/**
 * LB_PORT_OFFSET (a multiple of 1000) shifts every test port, so two checkouts can run `npm test` side by side
 * on one machine. The default (0) keeps the ports below.
 */
export const PORT_OFFSET = Number(process.env.LB_PORT_OFFSET ?? 0) || 0;

const shift = (ports: StackPorts, by: number): StackPorts =>
  Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, v + by])) as unknown as StackPorts;

const TEST_BASE: StackPorts = { edge: 8887, emulator: 3101, gateway: 54421, valkey: 6490, clusterBase: 7200, postgres: 54429, cloudflare: 8889 };

export const TEST_PORTS: StackPorts = shift(TEST_BASE, PORT_OFFSET);

/** Ports of the stack `npm run bench` starts, so a benchmark can run beside the tests. */
export const BENCH_PORTS: StackPorts = shift(TEST_BASE, 500 + PORT_OFFSET);

/** Ports of the end-to-end stack (the built origin artifact), so it never collides with the integration stack. */
export const E2E_PORTS: StackPorts = shift(TEST_BASE, 250 + PORT_OFFSET);

/** Fixed ports of the unit tests that start their own servers. */
export const UNIT_PORTS = {
  valkey: 6590 + PORT_OFFSET,
  clusterBase: 7300 + PORT_OFFSET,
  postgres: 54529 + PORT_OFFSET,
} as const;

/** The simulated AWS account the edge signs for, and the emulator verifies against. */
export const LOCAL_AWS = {
  region: 'us-east-1',
  accountId: '000000000000',
  principalArn: 'arn:aws:iam::000000000000:user/leaderboard-edge',
  functionName: 'leaderboard-origin',
} as const;

/** The zone and API token of the local Cloudflare purge API (dev/cloudflare). */
export const LOCAL_CLOUDFLARE = {
  zoneId: 'local-zone-0000',
  apiToken: 'local-cloudflare-purge-token',
} as const;

/** Keys of the local Supabase gateway (PostgREST-compatible). */
export const LOCAL_SUPABASE = {
  serviceRoleKey: 'local-service-role-key',
  anonKey: 'local-anon-key',
} as const;
