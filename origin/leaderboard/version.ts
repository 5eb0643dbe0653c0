/**
 * The board version of one answer, sent to the edge as `X-Board-Seq` (docs/write-path.md).
 *
 * A version belongs to a board period and lives in the projection (meta `ver`). An answer that
 * carries version V reflects every write that was acknowledged with a version up to V, so an
 * edge copy with X-Board-Seq >= minSeq may answer a read that asks for minSeq. Versions only
 * certify: 0 means "no guarantee" (the record answered without the projection, or a mirror
 * failed), and a version is never higher than what the answer holds.
 *
 * This module is the one place the origin decides it: the read funnel (readThrough) and the
 * write funnel (mirror) note what they learnt, and the request middleware sends the lowest.
 */
import type { Deps } from './deps.ts';

export const BOARD_VERSION_HEADER = 'X-Board-Seq';

/** Per-request holder of the versions an answer was built from. */
export class BoardVersion {
  #value: number | undefined;

  /** Notes the version of something the answer holds; null when it comes with no guarantee. */
  note(version: number | null): void {
    const v = version === null || !Number.isSafeInteger(version) || version < 0 ? 0 : version;
    this.#value = this.#value === undefined ? v : Math.min(this.#value, v);
  }

  /** The answer's version, or undefined when it holds nothing versioned. */
  get value(): number | undefined {
    return this.#value;
  }
}

/** Notes a version for the current request (no-op for deps without a holder, e.g. tasks). */
export function noteVersion(deps: Deps, version: number | null): void {
  deps.boardVersion?.note(version);
}

/** The version a read asks for (`minSeq`, from the edge's header); 0 when none or malformed. */
export function minSeqOf(raw: string | undefined): number {
  return raw !== undefined && /^\d{1,15}$/.test(raw) ? Number(raw) : 0;
}
