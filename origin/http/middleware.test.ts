import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { loadBoard } from '../leaderboard/boards.ts';
import { memoryDeps, uniqueBoardId } from '../leaderboard/testing/memory-deps.ts';
import { recordBoard } from '../leaderboard/testing/memory-record.ts';
import type { OriginEnv } from './env.ts';
import { boardCacheControl, requestContext, signedPrincipal } from './middleware.ts';

const auth = (signed: string) => `AWS4-HMAC-SHA256 Credential=AKIA/20260101/us-east-1/lambda/aws4_request, SignedHeaders=${signed}, Signature=abc`;

describe('signedPrincipal', () => {
  it('trusts the principal header only when the signature covers it', () => {
    expect(signedPrincipal('admin', auth('content-type;host;x-amz-date;x-lb-principal;x-request-id'))).toBe('admin');
    // Regression: a principal added to a request signed without one was trusted.
    expect(signedPrincipal('admin', auth('content-type;host;x-amz-date;x-request-id'))).toBeUndefined();
    expect(signedPrincipal('admin', auth('host;x-amz-date;x-lb-principal-x'))).toBeUndefined();
  });

  it('takes the header as is when there is no SigV4 Authorization header', () => {
    expect(signedPrincipal('server:0', undefined)).toBe('server:0');
    expect(signedPrincipal(undefined, auth('host;x-lb-principal'))).toBeUndefined();
  });
});

describe('boardCacheControl', () => {
  it("takes the board's cache time from the config the handler read, without loading the board again", async () => {
    const { deps, record } = memoryDeps();
    const board = record.addBoard(recordBoard(uniqueBoardId('cc'), { cacheSeconds: 7 }));
    const realNow = Date.now;
    const app = new Hono<OriginEnv>()
      .use(requestContext(() => deps))
      .get('/:board', boardCacheControl((c) => c.req.param('board') ?? ''), async (c) => {
        await loadBoard(c.get('deps'), c.req.param('board'));
        // The config changes, and the environment's cached copy expires, once the handler has read it.
        record.addBoard({ ...board, cacheSeconds: 99 });
        Date.now = () => realNow() + 10_000;
        return c.json({});
      });
    try {
      const res = await app.request(`/${board.id}`);
      expect(res.headers.get('cache-control')).toMatch(/^public, max-age=7,/);
      expect(record.calls.filter((c) => c === 'board')).toHaveLength(1);
    } finally {
      Date.now = realNow;
    }
  });
});
