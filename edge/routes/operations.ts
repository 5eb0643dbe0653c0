/**
 * The admin's operations on one board (docs/operations.md#operations-over-http): verify, rebuild,
 * sync now, source status, audit log and webhook deliveries. Admin only, never cached, forwarded
 * through the write path: checked here (body or query), rate-limited, signed.
 */
import { Hono } from 'hono';
import { adminPageQuerySchema, periodsOptionSchema } from '../../core/index.ts';
import type { EdgeEnv } from '../env.ts';
import { write } from '../http/write.ts';
import { methodNotAllowed } from './method-not-allowed.ts';

const kinds = ['admin' as const];
const read = write({ kinds, changed: () => false });
const page = write({ kinds, query: adminPageQuerySchema, changed: () => false });

export const operations = new Hono<EdgeEnv>()
  .post('/:board/verify', write({ kinds, body: periodsOptionSchema, changed: () => false }))
  // A rebuild or a sync that applied rows makes this isolate's cached copies of the board misses.
  .post('/:board/rebuild', write({ kinds, body: periodsOptionSchema }))
  .post('/:board/sync', write({ kinds, changed: (a) => (a as { applied?: number }).applied !== 0 }))
  .get('/:board/source', read)
  .get('/:board/audit', page)
  .get('/:board/webhooks', page)
  .all('/:board/:op{verify|rebuild|sync|source|audit|webhooks}', methodNotAllowed);
