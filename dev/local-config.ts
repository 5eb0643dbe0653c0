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
}

export const DEV_PORTS: StackPorts = {
  edge: 8787,
  emulator: 3001,
  gateway: 54321,
  valkey: 6390,
  clusterBase: 7100,
  postgres: 54329,
};

export const TEST_PORTS: StackPorts = {
  edge: 8887,
  emulator: 3101,
  gateway: 54421,
  valkey: 6490,
  clusterBase: 7200,
  postgres: 54429,
};

/** The simulated AWS account the edge signs for, and the emulator verifies against. */
export const LOCAL_AWS = {
  region: 'us-east-1',
  accountId: '000000000000',
  principalArn: 'arn:aws:iam::000000000000:user/leaderboard-edge',
  functionName: 'leaderboard-origin',
} as const;

/** Keys of the local Supabase gateway (PostgREST-compatible). */
export const LOCAL_SUPABASE = {
  serviceRoleKey: 'local-service-role-key',
  anonKey: 'local-anon-key',
} as const;
