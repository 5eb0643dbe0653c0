/** Deps over the in-memory stores, like one origin request: a clock the test moves, and the answer's board version. */
import { loadConfig, type OriginConfig } from '../../config.ts';
import type { Deps } from '../deps.ts';
import { BoardVersion } from '../version.ts';
import { MemoryProjection } from './memory-projection.ts';
import { MemoryRecord } from './memory-record.ts';

let boards = 0;

/** A board id no other test has used (loadBoard caches configs per environment for 2 s). */
export const uniqueBoardId = (prefix = 'b'): string => `${prefix}-${++boards}-${Math.random().toString(36).slice(2, 8)}`;

export function memoryDeps(o: { config?: Partial<OriginConfig>; now?: string } = {}) {
  const record = new MemoryRecord();
  const projection = new MemoryProjection();
  let now = new Date(o.now ?? '2026-12-02T12:00:00.000Z');
  record.now = () => new Date(now);
  const logs: string[] = [];
  const config = { ...loadConfig({ SUPABASE_URL: 'http://record.invalid', SUPABASE_SERVICE_ROLE_KEY: 'key', VALKEY_ENDPOINT: 'valkey.invalid:6379' }), ...o.config };
  const deps: Deps & { boardVersion: BoardVersion } = {
    config,
    record: record.record(),
    projection: () => (projection.down ? Promise.reject(new Error('valkey: connection refused')) : Promise.resolve(projection)),
    now: () => new Date(now),
    log: (level, message) => void logs.push(`${level} ${message}`),
    boardVersion: new BoardVersion(),
    loadedBoards: new Map(),
  };
  return {
    deps,
    record,
    projection,
    logs,
    setNow: (at: string) => {
      now = new Date(at);
    },
  };
}
