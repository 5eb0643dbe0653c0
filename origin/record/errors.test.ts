import { describe, expect, it } from 'vitest';
import { rpcFailure } from './errors.ts';

describe('rpcFailure', () => {
  it('maps text Postgres cannot store to 400, not to an unhandled error (regression)', () => {
    for (const code of ['22P02', '22P05', '22021']) {
      expect(rpcFailure('lb_submit', { code, message: 'unsupported Unicode escape sequence' }, 400)).toMatchObject({ code: 'invalid_request', status: 400 });
    }
  });

  it('keeps outages as 503 and unknown failures as errors', () => {
    expect(rpcFailure('lb_submit', {}, 0)).toMatchObject({ code: 'unavailable' });
    expect(rpcFailure('lb_submit', { code: 'XX000' }, 400)).not.toHaveProperty('code', 'invalid_request');
  });
});
