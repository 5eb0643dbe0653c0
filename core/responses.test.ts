import { describe, expect, it } from 'vitest';
import { batchResultSchema, entrySchema, submitResultSchema } from './responses.ts';

const entry = { rank: 1, playerId: 'alice', score: 42, achievedAt: '2026-11-23T10:15:00.000Z', metadata: null };

describe('entry ranks in the response schemas', () => {
  it('reads always carry a rank of 1 or more', () => {
    expect(entrySchema.safeParse(entry).success).toBe(true);
    expect(entrySchema.safeParse({ ...entry, rank: null }).success).toBe(false);
    expect(entrySchema.safeParse({ ...entry, rank: 0 }).success).toBe(false);
  });

  it('a single write may answer rank null, for the entry and for the previous one', () => {
    expect(submitResultSchema.safeParse({ entry: { ...entry, rank: null }, updated: true, previous: { ...entry, rank: null, score: 7 } }).success).toBe(true);
    expect(submitResultSchema.safeParse({ entry, updated: false, previous: null }).success).toBe(true);
  });

  it('a batch reply is never ranked', () => {
    expect(batchResultSchema.safeParse({ results: [{ playerId: 'alice', updated: true, entry: { ...entry, rank: null } }] }).success).toBe(true);
    expect(batchResultSchema.safeParse({ results: [{ playerId: 'alice', updated: true, entry }] }).success).toBe(false);
  });

  it('scores stay exact integers in the safe range', () => {
    expect(entrySchema.safeParse({ ...entry, score: Number.MAX_SAFE_INTEGER }).success).toBe(true);
    expect(entrySchema.safeParse({ ...entry, score: 1.5 }).success).toBe(false);
  });
});
