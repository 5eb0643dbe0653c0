/** The projection's hash values: one entry as "<seq>|<rank key>|<metadata>", written and read back. */
import { decodeRankKey, encodeRankKey, type Sort } from '../../core/index.ts';
import type { RecordEntry } from '../record/types.ts';

/** Serialises an entry as the projection's hash value "<seq>|<rank key>|<metadata>". */
export function toProjectionValue(sort: Sort, e: RecordEntry): { member: string; value: string } {
  const member = encodeRankKey(sort, e);
  return { member, value: `${e.seq}|${member}|${e.metadata ? JSON.stringify(e.metadata) : ''}` };
}

/** Parses a projection hash value back into an entry (without rank). */
export function fromProjectionValue(sort: Sort, value: string): RecordEntry {
  const a = value.indexOf('|');
  const b = value.indexOf('|', a + 1);
  const parts = decodeRankKey(sort, value.slice(a + 1, b));
  if (!parts) throw new Error('Corrupt projection value');
  const meta = value.slice(b + 1);
  return {
    playerId: parts.playerId,
    score: parts.score,
    achievedAtMs: parts.achievedAtMs,
    achievedAt: new Date(parts.achievedAtMs).toISOString(),
    metadata: meta ? (JSON.parse(meta) as Record<string, unknown>) : null,
    seq: Number(value.slice(0, a)),
  };
}
