/**
 * Source sync against a local fixture server: good rows imported, bad rows reported and
 * skipped, a second run changes nothing, and failing sources (malformed, huge, slow, 404)
 * never touch the board. Tuned timeouts run in process; one sync runs through the Invoke API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardBudgetMs, syncAllSources, syncBoard } from '../../origin/sources/sync.ts';
import { deleteBoard, upsertBoard } from '../../origin/leaderboard/commands.ts';
import { api, rpc, task, uniqueBoard } from '../helpers.ts';
import { startFixtureServer, type FixtureServer } from '../fixture-server.ts';
import { closeValkey, originDeps } from '../origin-deps.ts';

let fixtures: FixtureServer;
const deps = originDeps(() => new Date(), { SOURCE_TIMEOUT_MS: '300', SOURCE_RETRIES: '1', SOURCE_BACKOFF_MS: '10', SOURCE_MAX_BYTES: String(1024 * 1024) });

const standings = {
  contest: {
    standings: [
      { handle: 'tourist', points: 3120, country: 'BY' },
      { handle: 'jiangly', points: '2980', country: 'CN' },
      { handle: 'bad handle!', points: 10 },
      { handle: 'benq', points: 2900.5 },
      { handle: 'ecnerwala', points: 2710, country: 'US' },
      { handle: 'tourist', points: 1 },
    ],
  },
};

beforeAll(async () => {
  fixtures = await startFixtureServer();
  fixtures.serve('/good', standings);
});
afterAll(async () => {
  await fixtures.close();
  await closeValkey();
});

async function sourceBoard(path: string, extra: Record<string, unknown> = {}) {
  const id = uniqueBoard('src');
  const source = { url: `${fixtures.url}${path}`, itemsPath: 'contest.standings', playerIdField: 'handle', scoreField: 'points', metadataFields: ['country'] };
  await upsertBoard(deps, id, { name: id, sort: 'desc', operator: 'latest', reset: 'never', writers: 'server', source, ...extra });
  return id;
}

const entriesOf = async (board: string) => (await rpc('lb_read_top', { p_board: board, p_period: 'all', p_limit: 100 })).entries.map((e: any) => [e.playerId, e.score]);

describe('source sync', () => {
  it('obeys the board window: nothing is imported before startsAt or after endsAt, and the failure is recorded', async () => {
    for (const [extra, message] of [[{ startsAt: new Date(Date.now() + 3600_000).toISOString() }, 'opens at'], [{ endsAt: new Date(Date.now() - 1000).toISOString() }, 'closed at']] as const) {
      const board = await sourceBoard('/good', extra);
      const report = await syncBoard(deps, board);
      expect(report).toMatchObject({ ok: false, applied: 0, error: expect.stringContaining(message) });
      expect(await entriesOf(board)).toEqual([]);
      expect(await rpc('lb_submissions', { p_board: board })).toEqual([]);
      // Recorded, so the board takes its turn in the sync order instead of always going first as never synced.
      expect((await rpc('lb_board', { p_id: board })).sourceStatus).toMatchObject({ ok: false, error: expect.stringContaining(message) });
    }
  });

  it('imports the good rows, reports the bad ones, and a second run changes nothing', async () => {
    const board = await sourceBoard('/good');
    const first = await syncBoard(deps, board);
    expect(first).toMatchObject({ ok: true, rows: 6, applied: 2, unchanged: 0, skipped: 4 });
    // A score given as a string ("2980") is refused, as the API refuses it.
    expect(first.badRows.map((r) => [r.index, r.playerId])).toEqual([[1, 'jiangly'], [2, 'bad handle!'], [3, 'benq'], [5, 'tourist']]);
    expect(await entriesOf(board)).toEqual([['tourist', 3120], ['ecnerwala', 2710]]);
    const log = await rpc('lb_submissions', { p_board: board });

    const second = await syncBoard(deps, board);
    expect(second).toMatchObject({ ok: true, applied: 0, unchanged: 2, skipped: 4 });
    expect(await rpc('lb_submissions', { p_board: board })).toEqual(log);

    // A changed document applies only the change, and the public read shows it with metadata.
    fixtures.serve('/good', { contest: { standings: [...standings.contest.standings, { handle: 'ecnerwala', points: 3500, country: 'US' }] } });
    const third = await syncBoard(deps, board);
    fixtures.serve('/good', standings);
    expect(third).toMatchObject({ ok: true, applied: 0, skipped: 5 }); // a repeated id counts as bad, the first row wins
    const top = await api('GET', `/api/boards/${board}/entries`);
    expect(top.body.entries[0]).toMatchObject({ playerId: 'tourist', rank: 1, metadata: { country: 'BY' } });
    expect((await rpc('lb_board', { p_id: board })).sourceStatus).toMatchObject({ ok: true, applied: 0 });
  });

  it('never breaks the board: malformed, huge, slow and missing sources fail cleanly', async () => {
    for (const [path, message] of [
      ['/malformed', 'Body is not valid JSON'],
      ['/huge', 'over the 1048576-byte limit'],
      ['/slow', 'No answer within 300 ms'],
      ['/missing', 'HTTP 404'],
    ] as const) {
      const board = await sourceBoard(path);
      await upsertBoard(deps, board, { name: board, sort: 'desc', operator: 'latest', reset: 'never', writers: 'server', source: { url: `${fixtures.url}${path}`, itemsPath: '', playerIdField: 'handle', scoreField: 'points' } });
      const report = await syncBoard(deps, board);
      expect([path, report.ok, report.error]).toEqual([path, false, expect.stringContaining(message)]);
      expect(await entriesOf(board)).toEqual([]);
      expect((await rpc('lb_board', { p_id: board })).sourceStatus).toMatchObject({ ok: false, error: expect.stringContaining(message) });
      expect((await api('GET', `/api/boards/${board}/entries`)).status).toBe(200);
      await deleteBoard(deps, board); // keeps the all-sources run below fast
    }
    expect(fixtures.hits('/slow')).toBe(2); // retried once
    expect(fixtures.hits('/missing')).toBe(1); // a 404 is not retried
  });

  it('retries a 503 and then imports', async () => {
    const board = await sourceBoard('/flaky');
    expect(await syncBoard(deps, board)).toMatchObject({ ok: true, applied: 2 });
    expect(fixtures.hits('/flaky')).toBe(2);
  });

  it('skips rows outside the board bounds', async () => {
    const board = await sourceBoard('/good', { maxScore: 3000 });
    const report = await syncBoard(deps, board);
    expect(report).toMatchObject({ ok: true, applied: 1 });
    expect(report.badRows).toContainEqual({ index: 0, playerId: 'tourist', reason: 'score is outside the board bounds' });
  });

  it('runs as the scheduled task through the Invoke API', async () => {
    const board = await sourceBoard('/good');
    const reply = await task('sync-sources', { board });
    expect(reply).toMatchObject({ ok: true, result: { sources: [{ board, ok: true, applied: 2, skipped: 4 }] } });
    const all = await task('sync-sources');
    if (!all.ok) throw new Error(JSON.stringify(all.error));
    expect(all.result.sources.find((s: any) => s.board === board)).toMatchObject({ ok: true, applied: 0, unchanged: 2 });
  });

  it('refuses a source on an increment board, or a non-https URL', async () => {
    const id = uniqueBoard('src');
    const bad = await api('PUT', `/api/boards/${id}`, {
      token: process.env.LB_TEST_VAR_ADMIN_API_KEY!,
      body: { name: id, sort: 'desc', operator: 'increment', reset: 'never', writers: 'server', source: { url: 'https://example.com/x.json', playerIdField: 'a', scoreField: 'b' } },
    });
    expect([bad.status, bad.body.error.code, Object.keys(bad.body.error.details)]).toEqual([400, 'invalid_request', ['source']]);
    const http = await api('PUT', `/api/boards/${id}`, {
      token: process.env.LB_TEST_VAR_ADMIN_API_KEY!,
      body: { name: id, sort: 'desc', operator: 'best', reset: 'never', writers: 'server', source: { url: 'http://example.com/x.json', playerIdField: 'a', scoreField: 'b' } },
    });
    expect(http.status).toBe(400);
  });

  it('stops before a board that no longer fits in the remaining time, reports the rest, and starts with them next run', async () => {
    const mine = [await sourceBoard('/good'), await sourceBoard('/good'), await sourceBoard('/good')];
    const budget = boardBudgetMs(deps.config.source);
    // Time for exactly one board: the invocation's clock runs out after the first.
    let checks = 0;
    const first = await syncAllSources(deps, () => (checks++ === 0 ? budget : budget - 1));
    expect(first.sources).toHaveLength(1);
    expect(first.skipped.length).toBeGreaterThanOrEqual(2);
    expect(first.skipped).not.toContain(first.sources[0]!.board);
    // Never-synced boards go first, so at most one of this test's three was synced.
    expect(mine.filter((b) => first.skipped.includes(b))).toHaveLength(mine.length - (mine.includes(first.sources[0]!.board) ? 1 : 0));

    const second = await syncAllSources(deps);
    expect(second.skipped).toEqual([]);
    expect(second.sources.map((r) => r.board)).toEqual([...first.skipped, first.sources[0]!.board]);
    for (const b of mine) expect(second.sources.find((r) => r.board === b)).toMatchObject({ ok: true });
  });

  it("one board's worst case is about 16 s with the default settings", () => {
    // The defaults: 5 s per attempt, 2 retries, 250 ms backoff.
    const defaults = { allowLoopback: false, timeoutMs: 5000, maxBytes: 1, retries: 2, backoffMs: 250 };
    expect(boardBudgetMs(defaults)).toBeGreaterThan(15_000);
    expect(boardBudgetMs(defaults)).toBeLessThan(20_000);
  });
});
