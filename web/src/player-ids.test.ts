import { describe, expect, it } from 'vitest';
import { parsePlayerIds } from './player-ids.ts';

describe('parsePlayerIds', () => {
  it('splits friend ids on commas and spaces, without duplicates, and names bad ones', () => {
    expect(parsePlayerIds('alice, bob  carol,alice,')).toEqual({ ids: ['alice', 'bob', 'carol'], invalid: [] });
    expect(parsePlayerIds('ok bad!id')).toEqual({ ids: ['ok'], invalid: ['bad!id'] });
  });
});
