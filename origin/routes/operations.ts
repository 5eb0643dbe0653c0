/**
 * The admin's operations over HTTP (docs/operations.md#operations-over-http): verify, rebuild,
 * source status and sync now, the audit log and the webhook deliveries of one board. Never cached.
 * verify, rebuild and sync run the maintenance tasks' code (origin/tasks/tasks.ts) within this
 * call's time: a whole-board run stops early and lists the periods it skipped.
 */
import { Hono, type Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import * as z from 'zod';
import { ADMIN_PAGE_DEFAULT, DEFAULT_RESULTS_SIZE, adminPageQuerySchema, ApiError, boardIdSchema, periodsOptionSchema, readJsonBody } from '../../core/index.ts';
import type { OriginEnv } from '../http/env.ts';
import { requirePrincipal } from '../http/middleware.ts';
import { validate } from '../http/validate.ts';
import { loadBoard, loadFreshBoard } from '../leaderboard/boards.ts';
import { syncBoard } from '../sources/sync.ts';
import { tasks } from '../tasks/tasks.ts';
import { methodNotAllowed } from './method-not-allowed.ts';

/**
 * How long an operation may run before it stops starting new periods: under the edge's
 * ORIGIN_TIMEOUT_MS (5 s in wrangler.toml), so the report reaches the operator, and under the
 * function's own timeout (template.yaml), whichever leaves less.
 */
export const HTTP_BUDGET_MS = 4000;
/** A sync over HTTP fetches its source once, within this long (the scheduled sync retries). */
export const HTTP_SOURCE_TIMEOUT_MS = 2500;

function remainingMs(c: Context<OriginEnv>): () => number {
  const deadline = Date.now() + HTTP_BUDGET_MS;
  const lambda = c.env?.lambdaContext;
  return () => Math.min(deadline - Date.now(), lambda ? lambda.getRemainingTimeInMillis() - 1000 : Number.POSITIVE_INFINITY);
}

/**
 * Runs verify or rebuild: a store that fails under it (Valkey unreachable, a command timing out)
 * is a 503 with the error logged, never a 500. The API's own errors (404, 400) pass as they are.
 */
async function storesUp<T>(c: Context<OriginEnv>, what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof ApiError) throw err;
    c.get('deps').log('warn', `${what} failed`, { error: err instanceof Error ? err.message : String(err) });
    throw new ApiError('unavailable', `The ${what} could not reach Valkey; retry shortly`, undefined, 5);
  }
}

const boardParam = validate('param', z.object({ board: boardIdSchema }));
/** Admin only, and never cached. */
const admin = createMiddleware<OriginEnv>(async (c, next) => {
  c.header('Cache-Control', 'no-store');
  await requirePrincipal('admin')(c, next);
});

/** The page after `records`: the id to send as `before`, or null when this page was the last. */
const nextOf = (records: { id: number }[], limit: number) => (records.length === limit ? records[records.length - 1]!.id : null);

export const operations = new Hono<OriginEnv>()
  .post('/:board/verify', admin, boardParam, async (c) => {
    const options = await readJsonBody(c.req.raw, periodsOptionSchema);
    return c.json(await storesUp(c, 'verify', () => tasks.verify.run(c.get('deps'), { board: c.req.valid('param').board, ...options }, { remainingMs: remainingMs(c) })));
  })
  .all('/:board/verify', methodNotAllowed)
  .post('/:board/rebuild', admin, boardParam, async (c) => {
    const options = await readJsonBody(c.req.raw, periodsOptionSchema);
    return c.json(await storesUp(c, 'rebuild', () => tasks.rebuild.run(c.get('deps'), { board: c.req.valid('param').board, ...options }, { remainingMs: remainingMs(c) })));
  })
  .all('/:board/rebuild', methodNotAllowed)
  .get('/:board/source', admin, boardParam, async (c) => {
    const board = await loadFreshBoard(c.get('deps'), c.req.valid('param').board);
    return c.json({ board: board.id, source: board.source, status: board.sourceStatus });
  })
  .all('/:board/source', methodNotAllowed)
  .post('/:board/sync', admin, boardParam, async (c) => {
    const deps = c.get('deps');
    const board = await loadBoard(deps, c.req.valid('param').board);
    if (!board.source) throw new ApiError('conflict', `Board "${board.id}" has no source to sync; set one with PUT /api/boards/${board.id}`);
    // One fetch, no retries: the scheduled sync (every minute) retries a failing source.
    const source = { ...deps.config.source, retries: 0, timeoutMs: Math.min(deps.config.source.timeoutMs, HTTP_SOURCE_TIMEOUT_MS) };
    return c.json(await syncBoard({ ...deps, config: { ...deps.config, source } }, board.id));
  })
  .all('/:board/sync', methodNotAllowed)
  .get('/:board/audit', admin, boardParam, validate('query', adminPageQuerySchema), async (c) => {
    const deps = c.get('deps');
    const board = await loadBoard(deps, c.req.valid('param').board);
    const { limit = ADMIN_PAGE_DEFAULT, before = null } = c.req.valid('query');
    const records = await deps.record.auditPage(board.id, limit, before);
    return c.json({ board: board.id, records, next: nextOf(records, limit) });
  })
  .all('/:board/audit', methodNotAllowed)
  .get('/:board/webhooks', admin, boardParam, validate('query', adminPageQuerySchema), async (c) => {
    const deps = c.get('deps');
    const board = await loadBoard(deps, c.req.valid('param').board);
    const { limit = ADMIN_PAGE_DEFAULT, before = null } = c.req.valid('query');
    const [settings, deliveries] = await Promise.all([deps.record.resultsSettings(board.id), deps.record.webhookList(board.id, limit, before)]);
    return c.json({
      board: board.id,
      resultsSize: settings?.resultsSize ?? DEFAULT_RESULTS_SIZE,
      webhook: settings?.webhook ? { url: settings.webhook.url } : null,
      deliveries,
      next: nextOf(deliveries, limit),
    });
  })
  .all('/:board/webhooks', methodNotAllowed);
