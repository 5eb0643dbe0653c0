/** Settings of live streams (docs/live.md), from the Worker's vars, strict like edge/config.ts. */
import { int } from '../config.ts';
import type { EdgeBindings } from '../env.ts';

export interface LiveConfig {
  /** Open streams one client IP may hold on one board. */
  maxPerIp: number;
  /** Open streams one board takes. */
  maxPerBoard: number;
  /** How often a board with watchers pulls the events of writes that did not come through the edge. */
  pollMs: number;
  heartbeatMs: number;
  /** Entry events each board keeps for Last-Event-ID replay. */
  retainEvents: number;
  /** Frames a watcher may have unread before it is dropped. */
  maxBufferedFrames: number;
  devMode: boolean;
}

export function liveConfig(env: EdgeBindings): LiveConfig {
  return {
    maxPerIp: int(env, 'LIVE_MAX_PER_IP', 10, 1, 100_000),
    maxPerBoard: int(env, 'LIVE_MAX_PER_BOARD', 5000, 1, 1_000_000),
    pollMs: int(env, 'LIVE_POLL_MS', 500, 50, 60_000),
    heartbeatMs: int(env, 'LIVE_HEARTBEAT_SECONDS', 15, 1, 300) * 1000,
    retainEvents: int(env, 'LIVE_RETAIN_EVENTS', 1000, 1, 100_000),
    maxBufferedFrames: 1000,
    devMode: env.DEV_MODE === 'true',
  };
}
