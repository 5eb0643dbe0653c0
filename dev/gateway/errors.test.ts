import { describe, expect, it } from 'vitest';
import { noFunctionError, statusForSqlState } from './errors.ts';

describe('statusForSqlState (PostgREST v12 table)', () => {
  it.each([
    ['P0001', 400], ['P0002', 500], ['P0004', 500],
    ['23503', 409], ['23505', 409], ['23502', 400], ['23514', 400],
    ['22012', 400], ['22P02', 400], ['42883', 404], ['42P01', 404],
    ['40001', 500], ['40P01', 500], ['08006', 503], ['08P01', 503],
    ['53300', 503], ['54001', 413], ['57014', 500], ['57P01', 503],
    ['25006', 405], ['25P02', 500], ['XX000', 500], ['28000', 403],
    ['0P000', 403], ['PT402', 402], ['PT999', 500], ['PTabc', 500], ['42P17', 400], ['21000', 500],
  ])('%s → %i', (code, status) => {
    expect(statusForSqlState(code, false)).toBe(status);
  });

  it('maps 42501 to 401 for anon and 403 otherwise', () => {
    expect(statusForSqlState('42501', true)).toBe(401);
    expect(statusForSqlState('42501', false)).toBe(403);
  });

  it('words PGRST202 like PostgREST for zero, one and several parameters', () => {
    expect(noFunctionError('public', 'f', [], true).body.message).toBe('Could not find the function public.f without parameters in the schema cache');
    expect(noFunctionError('public', 'f', ['x'], false).body.details).toBe(
      'Searched for the function public.f with parameter x, but no matches were found in the schema cache.',
    );
  });
});
