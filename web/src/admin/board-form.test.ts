import { describe, expect, it } from 'vitest';
import type { Board } from '../api.ts';
import { describeFailure, AdminFailure } from './api.ts';
import { boardBody, lockedChanges, valuesOf, type BoardFormValues } from './board-form.ts';

const values = (o: Partial<BoardFormValues> = {}): BoardFormValues => ({ id: 'cup', name: 'Cup', sort: 'desc', operator: 'best', reset: 'never', schedule: '', writers: 'server', minScore: '', maxScore: '', cacheSeconds: '', source: '', ...o });
const board: Board = { id: 'cup', name: 'Cup', sort: 'desc', operator: 'best', reset: 'weekly', writers: 'server', minScore: null, maxScore: 100, cacheSeconds: 5, currentPeriod: '2026-W48', nextResetAt: null, entries: 3 };

describe('console board form', () => {
  it('builds the PUT body, with empty bounds and source as null', () => {
    expect(boardBody(values({ maxScore: '9007199254740991', cacheSeconds: '30' }))).toEqual({
      ok: true,
      id: 'cup',
      body: { name: 'Cup', sort: 'desc', operator: 'best', reset: 'never', writers: 'server', minScore: null, maxScore: 9007199254740991, source: null, cacheSeconds: 30 },
    });
    const src = { url: 'https://x.example/a.json', playerIdField: 'id', scoreField: 'p' };
    expect(boardBody(values({ source: JSON.stringify(src) }))).toMatchObject({ ok: true, body: { source: src } });
  });

  it('names the fields that are wrong before sending', () => {
    const out = boardBody(values({ id: 'Bad Id', name: ' ', minScore: '1.5', maxScore: '9007199254740992', cacheSeconds: '0', source: '[1]' }));
    expect(out.ok).toBe(false);
    if (!out.ok) expect(Object.keys(out.errors).sort()).toEqual(['cacheSeconds', 'id', 'maxScore', 'minScore', 'name', 'source']);
    expect(boardBody(values({ source: '{oops' }))).toMatchObject({ ok: false, errors: { source: 'must be valid JSON' } });
  });

  it('sends a schedule as the reset, and names a wrong one before sending', () => {
    const every = 'every 6 hours from 2027-01-04T06:00 Europe/Berlin';
    expect(boardBody(values({ reset: 'schedule', schedule: `  every 6 hours  from 2027-01-04T06:00 Europe/Berlin ` }))).toMatchObject({ ok: true, body: { reset: every } });
    expect(boardBody(values({ reset: 'schedule', schedule: 'every 6 weeks from 2027-01-04T06:00 UTC' }))).toMatchObject({ ok: false, errors: { schedule: expect.stringContaining('every N hours|days') } });
    expect(boardBody(values({ reset: 'schedule', schedule: 'every 1 days from 2027-01-04T06:00 Mars/Olympus' }))).toMatchObject({ ok: false, errors: { schedule: expect.stringContaining('Mars/Olympus') } });
    // A schedule board opens in the form as a schedule, and changing it is a locked change.
    const raid = { ...board, reset: every };
    expect(valuesOf(raid)).toMatchObject({ reset: 'schedule', schedule: every });
    expect(lockedChanges(raid, valuesOf(raid))).toEqual([]);
    expect(lockedChanges(raid, { ...valuesOf(raid), schedule: 'every 12 hours from 2027-01-04T06:00 Europe/Berlin' })).toEqual(['reset']);
    expect(lockedChanges(raid, { ...valuesOf(raid), reset: 'daily' })).toEqual(['reset']);
  });

  it('round-trips a board into the form, and spots locked changes on a board with entries', () => {
    expect(valuesOf(board)).toMatchObject({ reset: 'weekly', minScore: '', maxScore: '100', cacheSeconds: '5', source: '' });
    expect(lockedChanges(board, { ...valuesOf(board), sort: 'asc', reset: 'daily' })).toEqual(['sort', 'reset']);
    expect(lockedChanges({ ...board, entries: 0 }, { ...valuesOf(board), sort: 'asc' })).toEqual([]);
  });

  it('words failures with the status, the message and the fields', () => {
    expect(describeFailure(new AdminFailure(409, 'conflict', 'sort, operator and reset cannot change while the board has entries'))).toBe('409 Conflict: sort, operator and reset cannot change while the board has entries.');
    expect(describeFailure(new AdminFailure(400, 'invalid_request', 'Invalid body', { cacheSeconds: 'too big' }))).toBe('400 Bad request: Invalid body (cacheSeconds too big).');
    expect(describeFailure(new AdminFailure(0, 'no_key', 'Enter the admin key first'))).toBe('Enter the admin key first.');
  });
});
