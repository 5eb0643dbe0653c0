/**
 * Runs chaos files in a fixed order: everything on standalone Valkey and PGlite first, then the
 * history check on PostgreSQL 15 and the cluster scenario (a stack restart each), then the log
 * scan, which must see every other scenario's logs.
 * Other projects keep vitest's own order.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const ORDER = ['faults', 'fuzz', 'signatures', 'auth', 'load', 'history', 'cluster', 'logs'];

const rank = (spec: TestSpecification) => {
  const m = /test\/chaos\/([a-z-]+)\.test\.ts$/.exec(spec.moduleId);
  return m ? ORDER.indexOf(m[1]!) : -1;
};

export class ChaosSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    if (!sorted.every((f) => rank(f) >= 0)) return sorted;
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}
