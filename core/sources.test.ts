import { describe, expect, it } from 'vitest';
import { boardConfigSchema, sourceSchema } from './schemas.ts';
import { extractRows, pick } from './sources.ts';

const source = sourceSchema.parse({ url: 'https://example.com/r.json', itemsPath: 'data.rows', playerIdField: 'user.id', scoreField: 'pts', metadataFields: ['user.country'] });

describe('sourceSchema', () => {
  it('accepts https anywhere and http only to loopback', () => {
    expect(sourceSchema.safeParse({ url: 'http://127.0.0.1:9/x', playerIdField: 'a', scoreField: 'b' }).success).toBe(true);
    expect(sourceSchema.safeParse({ url: 'http://example.com/x', playerIdField: 'a', scoreField: 'b' }).success).toBe(false);
    expect(sourceSchema.safeParse({ url: 'ftp://example.com/x', playerIdField: 'a', scoreField: 'b' }).success).toBe(false);
    expect(sourceSchema.safeParse({ url: 'https://example.com', playerIdField: 'a b', scoreField: 'b' }).success).toBe(false);
  });

  it('is only allowed on best and latest boards', () => {
    const board = { name: 'b', sort: 'desc', reset: 'never', writers: 'server', source: { url: 'https://e.com', playerIdField: 'a', scoreField: 'b' } };
    expect(boardConfigSchema.safeParse({ ...board, operator: 'best' }).success).toBe(true);
    expect(boardConfigSchema.safeParse({ ...board, operator: 'increment' }).success).toBe(false);
  });
});

describe('extractRows', () => {
  it('maps good rows and reports bad and repeated ones by index', () => {
    const doc = {
      data: {
        rows: [
          { user: { id: 'ann', country: 'NO' }, pts: 10 },
          { user: { id: 'bob' }, pts: '42' },
          { user: { id: 'bad id!' }, pts: 1 },
          { user: { id: 'cat' }, pts: 1.5 },
          { user: { id: 'dan' }, pts: 2 ** 60 },
          { user: { id: 'ann' }, pts: 11 },
          'not an object',
        ],
      },
    };
    const out = extractRows(doc, source);
    expect(out).toEqual({
      rows: [{ playerId: 'ann', score: 10, metadata: { country: 'NO' } }],
      bad: [
        { index: 1, playerId: 'bob', reason: 'score must be an integer' },
        { index: 2, playerId: 'bad id!', reason: expect.stringContaining('playerId') },
        { index: 3, playerId: 'cat', reason: expect.stringContaining('score') },
        { index: 4, playerId: 'dan', reason: expect.stringContaining('score') },
        { index: 5, playerId: 'ann', reason: 'playerId repeats an earlier row' },
        { index: 6, reason: expect.stringContaining('playerId') },
      ],
    });
  });

  it('fails as a whole when the array is not there', () => {
    expect(extractRows({ data: {} }, source)).toEqual({ error: 'No array at "data.rows"' });
    expect(extractRows([], { ...source, itemsPath: '' })).toEqual({ rows: [], bad: [] });
  });

  it('never walks into prototypes', () => {
    expect(pick({}, 'constructor.name')).toBeUndefined();
    expect(pick(JSON.parse('{"__proto__":{"x":1}}'), '__proto__.x')).toBeUndefined();
    expect(pick({ a: { b: 0 } }, 'a.b')).toBe(0);
  });
});
