import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cliTlsArgs, parseInfo, runValkeyCli, valkeyCommand } from './cli.ts';
import type { CliTarget } from './cli.ts';
import { assertPortFree, signalProcess, sleep, spawnValkeyServer, terminateProcess, waitForPing } from './process.ts';
import type { ValkeyProcess } from './process.ts';
import { generateTestCertificates } from './test-ca.ts';
import type { TestCertificates } from './test-ca.ts';

/** Options of startValkeyCluster. */
export interface ClusterOptions {
  /** Nodes use basePort .. basePort+n-1; their cluster bus ports (port+10000) must be free too. */
  basePort: number;
  /** Number of primaries (default 3, at least 3). */
  shards?: number;
  /** Replicas of each primary (default 1). */
  replicasPerShard?: number;
  /** TLS on clients, cluster bus and replication, with a private CA (default true). */
  tls?: boolean;
  /** Working dir for certificates, node dirs and logs; default a temp dir removed by stop(). */
  dir?: string;
}

/** Address of a cluster node. */
export interface NodeAddress {
  host: string;
  port: number;
}

/** A node of the cluster; pid changes after restartNode(). */
export interface ClusterNode extends NodeAddress {
  readonly pid: number;
}

/** Handle of a running local Valkey cluster. */
export interface ValkeyCluster {
  readonly nodes: readonly ClusterNode[];
  readonly tls: boolean;
  /** PEM file of the private CA (TLS only). */
  readonly caFile?: string;
  /** The private CA as PEM text, for GLIDE's tlsAdvancedConfiguration.rootCertificates (TLS only). */
  readonly caPem?: string;
  /** Stops every node (SIGTERM, then SIGKILL after 3 s) and removes the temp dir. Idempotent. */
  stop(): Promise<void>;
  /** Current primaries that own slots and are not flagged failed, from CLUSTER NODES of a live node. */
  primaries(): Promise<NodeAddress[]>;
  /** Sends a signal to one node (default SIGKILL); resolves once it exited (at once for SIGSTOP/SIGCONT). */
  killNode(port: number, signal?: NodeJS.Signals): Promise<void>;
  /** CLUSTER FAILOVER [mode] on a replica; resolves once every live node sees it as a primary. */
  failover(replicaPort: number, mode?: 'FORCE' | 'TAKEOVER'): Promise<void>;
  /** Starts a node again (stopping it first if it runs), empty, with its cluster config; waits until it rejoined. */
  restartNode(port: number): Promise<void>;
}

const HOST = '127.0.0.1';
const BUS_PORT_OFFSET = 10_000;
const READY_DEADLINE_MS = 30_000;
const START_DEADLINE_MS = 10_000;
const TOTAL_SLOTS = '16384';
const MANUAL_FAILOVER_RETRY_MS = 6000;

interface NodeState {
  port: number;
  dir: string;
  proc?: ValkeyProcess;
}

/** One parsed line of CLUSTER NODES. */
interface ClusterNodesEntry {
  port: number;
  flags: string[];
  hasSlots: boolean;
}

function parseClusterNodes(text: string): ClusterNodesEntry[] {
  const entries: ClusterNodesEntry[] = [];
  for (const line of text.split('\n')) {
    const parts = line.trim().split(' ');
    const address = parts[1];
    const flags = parts[2];
    if (parts.length < 8 || !address || !flags) continue;
    const port = Number(address.split('@')[0]?.split(':').pop());
    if (!Number.isInteger(port)) continue;
    entries.push({ port, flags: flags.split(','), hasSlots: parts.length > 8 });
  }
  return entries;
}

/** Polls check until it returns true; throws with the last reason after deadlineMs. */
async function waitUntil(what: string, deadlineMs: number, check: () => Promise<true | string>): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  let last: string;
  for (;;) {
    try {
      const result = await check();
      if (result === true) return;
      last = result;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${deadlineMs} ms waiting for ${what}: ${last}`);
    await sleep(200);
  }
}

/** Starts a local Valkey cluster (TLS by default) and resolves once all slots are served and replicas are linked. */
export async function startValkeyCluster(opts: ClusterOptions): Promise<ValkeyCluster> {
  const shards = opts.shards ?? 3;
  const replicas = opts.replicasPerShard ?? 1;
  const useTls = opts.tls ?? true;
  if (!Number.isInteger(shards) || shards < 3) throw new Error('A Valkey cluster needs at least 3 shards.');
  if (!Number.isInteger(replicas) || replicas < 0) throw new Error('replicasPerShard must be an integer >= 0.');
  const ports = Array.from({ length: shards * (1 + replicas) }, (_, i) => opts.basePort + i);

  for (const port of ports) {
    await assertPortFree(port, HOST, `Valkey cluster node ${port}`);
    await assertPortFree(port + BUS_PORT_OFFSET, HOST, `the cluster bus of Valkey node ${port}`);
  }

  const ownDir = !opts.dir;
  const dir = opts.dir ? path.resolve(opts.dir) : await mkdtemp(path.join(os.tmpdir(), `valkey-cluster-${opts.basePort}-`));
  const nodes = new Map<number, NodeState>(ports.map((port) => [port, { port, dir: path.join(dir, `node-${port}`) }]));
  let certs: TestCertificates | undefined;
  let stopped = false;

  const target = (port: number): CliTarget => ({ host: HOST, port, caFile: certs?.caFile });
  const nodeOf = (port: number): NodeState => {
    const node = nodes.get(port);
    if (!node) throw new Error(`Port ${port} is not a node of the cluster on ${ports[0]}-${ports[ports.length - 1]}.`);
    return node;
  };
  const liveNodes = (): NodeState[] => [...nodes.values()].filter((n) => n.proc?.running());

  const nodeArgs = (node: NodeState): string[] => {
    const args = [
      '--bind', HOST,
      '--daemonize', 'no',
      '--protected-mode', 'yes',
      '--save', '',
      '--appendonly', 'no',
      '--repl-diskless-sync-delay', '0',
      '--dir', node.dir,
      '--cluster-enabled', 'yes',
      '--cluster-config-file', path.join(node.dir, 'nodes.conf'),
      '--cluster-node-timeout', '2000',
    ];
    if (!certs) return [...args, '--port', String(node.port)];
    return [
      ...args,
      '--port', '0',
      '--tls-port', String(node.port),
      '--tls-cert-file', certs.certFile,
      '--tls-key-file', certs.keyFile,
      '--tls-ca-cert-file', certs.caFile,
      '--tls-auth-clients', 'no',
      '--tls-cluster', 'yes',
      '--tls-replication', 'yes',
    ];
  };

  const launch = async (node: NodeState): Promise<void> => {
    node.proc = await spawnValkeyServer(nodeArgs(node), path.join(node.dir, 'valkey.log'));
    await waitForPing(node.proc, { host: HOST, port: node.port, caPem: certs?.caPem }, START_DEADLINE_MS);
  };

  /** Role of a node as the other nodes see it, or why they disagree / flag it. */
  const peerViewOf = async (port: number, role: 'master' | 'slave'): Promise<true | string> => {
    const others = liveNodes().filter((n) => n.port !== port);
    const views = await Promise.all(others.map((n) => valkeyCommand(target(n.port), ['cluster', 'nodes'])));
    for (const [i, view] of views.entries()) {
      const other = others[i]?.port;
      const entry = parseClusterNodes(view).find((e) => e.port === port);
      if (!entry) return `node ${other} does not know node ${port}`;
      if (entry.flags.includes('fail') || entry.flags.includes('fail?')) return `node ${other} flags ${port} as failed`;
      if (!entry.flags.includes(role)) return `node ${other} sees ${port} as ${entry.flags.join(',')}, but it is a ${role}`;
    }
    return true;
  };

  /** true when this node serves all slots, a replica is linked to its primary, and all live nodes agree on its role. */
  const nodeReady = async (port: number, knownNodes?: number): Promise<true | string> => {
    const info = parseInfo(await valkeyCommand(target(port), ['cluster', 'info']));
    if (info.get('cluster_state') !== 'ok') return `node ${port}: cluster_state ${info.get('cluster_state') ?? '?'}`;
    if (info.get('cluster_slots_ok') !== TOTAL_SLOTS) return `node ${port}: cluster_slots_ok ${info.get('cluster_slots_ok') ?? '?'}`;
    if (knownNodes !== undefined && info.get('cluster_known_nodes') !== String(knownNodes)) {
      return `node ${port}: knows ${info.get('cluster_known_nodes') ?? '?'} of ${knownNodes} nodes`;
    }
    const repl = parseInfo(await valkeyCommand(target(port), ['info', 'replication']));
    const role = repl.get('role') === 'master' ? 'master' : 'slave';
    if (role === 'slave' && repl.get('master_link_status') !== 'up') return `replica ${port}: link to primary is down`;
    return peerViewOf(port, role);
  };

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await Promise.all([...nodes.values()].map(async (n) => (n.proc ? terminateProcess(n.proc) : undefined)));
    if (ownDir) await rm(dir, { recursive: true, force: true });
  };

  try {
    await mkdir(dir, { recursive: true });
    for (const node of nodes.values()) {
      await rm(node.dir, { recursive: true, force: true });
      await mkdir(node.dir, { recursive: true });
    }
    if (useTls) certs = await generateTestCertificates(dir);
    await Promise.all([...nodes.values()].map(launch));
    await runValkeyCli(
      [
        '--cluster', 'create',
        ...ports.map((p) => `${HOST}:${p}`),
        '--cluster-replicas', String(replicas),
        '--cluster-yes',
        ...cliTlsArgs(certs?.caFile),
      ],
      READY_DEADLINE_MS,
    );
    await waitUntil('the cluster to become ready', READY_DEADLINE_MS, async () => {
      for (const port of ports) {
        const ready = await nodeReady(port, ports.length);
        if (ready !== true) return ready;
      }
      return true;
    });
  } catch (err) {
    await stop();
    throw err;
  }

  const clusterNodes = async (): Promise<ClusterNodesEntry[]> => {
    let lastError: unknown = new Error('no cluster node is running');
    for (const node of liveNodes()) {
      try {
        const entries = parseClusterNodes(await valkeyCommand(target(node.port), ['cluster', 'nodes']));
        if (entries.length > 0) return entries;
      } catch (err) {
        lastError = err;
      }
    }
    throw lastError;
  };

  const nodeHandles: ClusterNode[] = ports.map((port) => ({
    host: HOST,
    port,
    get pid() {
      return nodes.get(port)?.proc?.pid ?? -1;
    },
  }));

  return {
    nodes: nodeHandles,
    tls: useTls,
    caFile: certs?.caFile,
    caPem: certs?.caPem,
    stop,
    async primaries() {
      const entries = await clusterNodes();
      return entries
        .filter((e) => e.flags.includes('master') && e.hasSlots && !e.flags.includes('fail') && !e.flags.includes('noaddr'))
        .map((e) => ({ host: HOST, port: e.port }))
        .sort((a, b) => a.port - b.port);
    },
    async killNode(port, signal = 'SIGKILL') {
      const node = nodeOf(port);
      if (node.proc) await signalProcess(node.proc, signal);
    },
    async failover(replicaPort, mode) {
      nodeOf(replicaPort);
      const promoted = async (): Promise<true | string> => {
        const role = parseInfo(await valkeyCommand(target(replicaPort), ['info', 'replication'])).get('role');
        if (role !== 'master') return `node ${replicaPort} is still a ${role ?? '?'}`;
        return peerViewOf(replicaPort, 'master');
      };
      const deadline = Date.now() + READY_DEADLINE_MS;
      // A manual failover that cannot finish is aborted by the server after 5 s, so it is re-sent until the deadline.
      for (;;) {
        const repl = parseInfo(await valkeyCommand(target(replicaPort), ['info', 'replication']));
        const linked = repl.get('master_link_status') === 'up';
        if (repl.get('role') !== 'master' && (mode || linked)) {
          const reply = (await valkeyCommand(target(replicaPort), ['cluster', 'failover', ...(mode ? [mode] : [])])).trim();
          if (reply !== 'OK') throw new Error(`CLUSTER FAILOVER ${mode ?? ''} on ${replicaPort} failed: ${reply}`);
        }
        const remaining = deadline - Date.now();
        try {
          await waitUntil(`node ${replicaPort} to become a primary`, Math.max(0, Math.min(MANUAL_FAILOVER_RETRY_MS, remaining)), promoted);
          return;
        } catch (err) {
          if (Date.now() >= deadline) throw err;
        }
      }
    },
    async restartNode(port) {
      if (stopped) throw new Error('The cluster was stopped; start a new one instead.');
      const node = nodeOf(port);
      if (node.proc) await terminateProcess(node.proc);
      await assertPortFree(port, HOST, `Valkey cluster node ${port}`);
      await assertPortFree(port + BUS_PORT_OFFSET, HOST, `the cluster bus of Valkey node ${port}`);
      await launch(node);
      await waitUntil(`node ${port} to rejoin the cluster`, READY_DEADLINE_MS, () => nodeReady(port));
    },
  };
}
