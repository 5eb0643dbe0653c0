/**
 * The admin CLI: `npm run admin -- <task> [options]`. Each command runs the origin function's
 * maintenance task of the same name (origin/tasks/) through the Lambda Invoke API; its arguments
 * are checked with that task's own zod schema (origin/tasks/schemas.ts) before anything is sent.
 * Where it sends them is up to flags and environment only (admin/target.ts): the deployed function
 * with --function, an emulator with --endpoint, or by default the local stack.
 */
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { issuesToDetails, type Board } from '../core/index.ts';
import type { VerifyReport } from '../origin/leaderboard/verify.ts';
import type { SourceStatus } from '../origin/record/types.ts';
import type { OperationsStats } from '../origin/tasks/stats.ts';
import { TASK_NAMES, taskSchemas, type TaskName } from '../origin/tasks/schemas.ts';
import { invokeTask } from './invoke.ts';
import { LOCAL_ENDPOINT, LOCAL_ENV_FILE, LOCAL_FUNCTION, resolveTarget } from './target.ts';

// The AWS SDK warns on every call under Node 20 that its releases after January 2027 need Node 22
// (NodeVersionSupportWarning). Node 22 is recommended, and Node 20 works until then, so this process
// turns that one warning off with the SDK's documented opt-out (read when the client is created).
// A value set outside wins.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE = `Usage: npm run admin -- <command> [options]

Commands (each runs the function's task of the same name):
  health                                   Valkey and Supabase round-trip times (ms) from the function
  boards                                   list boards with their current period, entries and source status
  create-board --board ID --name NAME [--sort desc|asc] [--operator best|latest|increment|decrement]
               [--reset never|daily|weekly|monthly] [--writers server|players]
               [--min N] [--max N] [--cache-seconds N] [--stale-seconds N] [--stale-if-error-seconds N] [--source JSON]
               [--rank-mode ordinal|competition|dense] [--score-format integer|duration_ms|fixed:N]
               [--starts-at ISO] [--ends-at ISO]   (docs/boards.md)
               [--results-size N] [--webhook URL]  (docs/results.md; the reply shows the webhook secret once)
               [--tiers JSON]  e.g. '{"by":"score","tiers":[{"name":"gold","score":1000}]}' (docs/boards.md "Tiers")
  verify --board ID [--period KEY | --all-periods]   compare Valkey with the record entry by entry
  rebuild --board ID [--period KEY | --all-periods]  rebuild Valkey from the record
  rollover                                 close ended periods, prepare new ones, run pending repairs, record history ranks
  retry-purges                             retry edge-cache purges Cloudflare has not taken yet
  sync-sources [--board ID]                pull board sources (all boards with a source by default)
  delete-player --board ID --player ID     erase a player from every period of a board
  webhooks --board ID [--resend DELIVERY_ID] [--limit N]
                                           list a board's result webhook deliveries, newest first; --resend
                                           makes one due again and sends it now, same event id (docs/results.md)
  trim-log [--days N]                      delete submissions-log rows older than N days (default 90;
                                           docs/write-path.md); the daily schedule runs it
  stats                                    pending repairs, purge backlog, projection lag of the busiest
                                           boards, last sync per source, counters (docs/operations.md)

Target (flags win over environment):
  --function NAME    the deployed task function on AWS, the TaskFunctionName output (LB_FUNCTION_NAME),
                     with your AWS credentials
  --region REGION    AWS region (AWS_REGION; default us-east-1)
  --endpoint URL     a Lambda emulator instead (LB_LAMBDA_ENDPOINT), signed with AWS_ACCESS_KEY_ID
                     and AWS_SECRET_ACCESS_KEY
  --env-file FILE    load those variables from a KEY=VALUE file first; variables already set win
  With neither --function nor --endpoint: the local stack, ${LOCAL_ENDPOINT}, function
  ${LOCAL_FUNCTION}, credentials from ${LOCAL_ENV_FILE} (written by npm start).

Output:
  --json             print the raw JSON reply`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    board: { type: 'string' },
    period: { type: 'string' },
    'all-periods': { type: 'boolean' },
    player: { type: 'string' },
    name: { type: 'string' },
    sort: { type: 'string', default: 'desc' },
    operator: { type: 'string', default: 'best' },
    reset: { type: 'string', default: 'never' },
    writers: { type: 'string', default: 'server' },
    min: { type: 'string' },
    max: { type: 'string' },
    'cache-seconds': { type: 'string' },
    'stale-seconds': { type: 'string' },
    'stale-if-error-seconds': { type: 'string' },
    source: { type: 'string' },
    'rank-mode': { type: 'string' },
    'score-format': { type: 'string' },
    'starts-at': { type: 'string' },
    'ends-at': { type: 'string' },
    'results-size': { type: 'string' },
    webhook: { type: 'string' },
    tiers: { type: 'string' },
    resend: { type: 'string' },
    limit: { type: 'string' },
    days: { type: 'string' },
    endpoint: { type: 'string' },
    function: { type: 'string' },
    region: { type: 'string' },
    'env-file': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

/** A numeric flag as a number; anything but digits becomes NaN, which the schema refuses. */
const num = (v: string | undefined) => (v === undefined ? undefined : /^-?\d+$/.test(v) ? Number(v) : Number.NaN);

function jsonFlag(name: string, v: string | undefined): unknown {
  if (v === undefined) return undefined;
  try {
    return JSON.parse(v);
  } catch {
    fail(`--${name} must be JSON`);
  }
}

/** The task's arguments as the flags give them, before validation. */
function argsFor(task: TaskName): Record<string, unknown> {
  switch (task) {
    case 'health':
    case 'boards':
    case 'rollover':
    case 'retry-purges':
    case 'stats':
      return {};
    case 'verify':
    case 'rebuild':
      return { board: values.board, period: values.period, allPeriods: values['all-periods'] };
    case 'sync-sources':
      return { board: values.board };
    case 'delete-player':
      return { board: values.board, player: values.player };
    case 'webhooks':
      return { board: values.board, resend: num(values.resend), limit: num(values.limit) };
    case 'trim-log':
      return { days: num(values.days) };
    case 'create-board':
      return {
        board: values.board,
        config: {
          name: values.name,
          sort: values.sort,
          operator: values.operator,
          reset: values.reset,
          writers: values.writers,
          minScore: num(values.min),
          maxScore: num(values.max),
          cacheSeconds: num(values['cache-seconds']),
          staleSeconds: num(values['stale-seconds']),
          staleIfErrorSeconds: num(values['stale-if-error-seconds']),
          source: jsonFlag('source', values.source),
          rankMode: values['rank-mode'],
          scoreFormat: values['score-format'],
          startsAt: values['starts-at'],
          endsAt: values['ends-at'],
          resultsSize: num(values['results-size']),
          webhook: values.webhook === undefined ? undefined : { url: values.webhook },
          tiers: jsonFlag('tiers', values.tiers),
        },
      };
  }
}

/** The flag that sets an argument path, for error messages. */
const FLAG_OF: Record<string, string> = {
  board: '--board',
  player: '--player',
  period: '--period',
  'config.name': '--name',
  'config.minScore': '--min',
  'config.maxScore': '--max',
  'config.cacheSeconds': '--cache-seconds',
  'config.staleSeconds': '--stale-seconds',
  'config.staleIfErrorSeconds': '--stale-if-error-seconds',
  'config.rankMode': '--rank-mode',
  'config.scoreFormat': '--score-format',
  'config.startsAt': '--starts-at',
  'config.endsAt': '--ends-at',
  'config.resultsSize': '--results-size',
  'config.webhook.url': '--webhook',
};

/** JSON flags: an issue inside one is named by the flag and the path within its JSON. */
const JSON_FLAG_OF: Record<string, string> = { 'config.source': '--source', 'config.tiers': '--tiers' };

function flagOf(path: string): string {
  if (FLAG_OF[path]) return FLAG_OF[path];
  const json = Object.keys(JSON_FLAG_OF).find((p) => path === p || path.startsWith(`${p}.`));
  if (json) return path === json ? JSON_FLAG_OF[json]! : `${JSON_FLAG_OF[json]!} ${path.slice(json.length + 1)}`;
  return `--${path.replace(/^config\./, '')}`;
}

/** Validates the flags with the task's own schema; exits 2 naming each bad flag. */
function parseTaskArgs(task: TaskName, raw: Record<string, unknown>): Record<string, unknown> {
  const parsed = (taskSchemas[task] as z.ZodType).safeParse(raw);
  if (parsed.success) return raw;
  const details = issuesToDetails(parsed.error.issues);
  const lines = Object.entries(details).map(([path, message]) => `  ${flagOf(path)}: ${message}`);
  fail(`Invalid options for ${task}:\n${lines.join('\n')}`);
}

interface VerifyResult {
  differences: number;
  periods: VerifyReport[];
  skipped?: string[];
}
interface BoardsResult {
  boards: (Board & { source: unknown; sourceStatus: SourceStatus | null })[];
}

function verifySummary(result: VerifyResult): string {
  const lines = result.periods.map((p) =>
    p.ready
      ? `  ${p.board} ${p.period}: ${p.recordEntries} in the record, ${p.projectionEntries} in Valkey, ${p.differences} differences` +
        (p.sample.length ? ` (e.g. ${p.sample.slice(0, 5).map((d) => `${d.playerId} ${d.kind}`).join(', ')})` : '')
      : `  ${p.board} ${p.period}: Valkey not ready (the next read rebuilds it); nothing to compare`,
  );
  if (result.skipped?.length) lines.push(`  not checked, out of time: ${result.skipped.join(', ')} (run them with --period)`);
  return `${result.differences} differences\n${lines.join('\n')}`;
}

function boardsSummary(result: BoardsResult): string {
  const sourceNote = (b: BoardsResult['boards'][number]) =>
    !b.source ? '' : `  source: ${!b.sourceStatus ? 'not synced yet' : b.sourceStatus.ok ? 'ok' : `failing (${b.sourceStatus.error})`}`;
  return result.boards.map((b) => `${b.id.padEnd(24)} ${b.reset.padEnd(8)} ${b.currentPeriod.padEnd(11)} ${String(b.entries).padStart(9)} entries${sourceNote(b)}`).join('\n') || '(no boards)';
}

interface WebhooksResult {
  board: string;
  webhook: { url: string } | null;
  resent: { id: number; status: string; httpStatus: number | null; error: string | null } | null;
  deliveries: { id: number; eventId: string; period: string; status: string; attempts: number; createdAt: string; nextAttemptAt: string | null; lastError: string | null }[];
}

function webhooksSummary(r: WebhooksResult): string {
  const head = `${r.board}: webhook ${r.webhook ? r.webhook.url : '(none)'}`;
  const resent = r.resent ? `\nresent ${r.resent.id}: ${r.resent.status}${r.resent.error ? ` (${r.resent.error})` : ''}` : '';
  const rows = r.deliveries.map(
    (d) =>
      `  ${String(d.id).padStart(6)}  ${d.period.padEnd(11)} ${d.status.padEnd(9)} ${String(d.attempts).padStart(2)} attempts  ${d.createdAt}  ${d.eventId}` +
      (d.status === 'pending' && d.nextAttemptAt ? `  next ${d.nextAttemptAt}` : '') +
      (d.lastError ? `  last error: ${d.lastError}` : ''),
  );
  return `${head}${resent}\n${rows.join('\n') || '  (no deliveries)'}`;
}

interface HealthResult {
  status: string;
  valkeyMs: number;
  supabaseMs: number;
}

function statsSummary(s: OperationsStats): string {
  const lines = [
    `at ${s.at}`,
    `repairs pending: ${s.repairs.pending}${s.repairs.pending ? ` (oldest ${s.repairs.oldestSeconds} s: ${s.repairs.periods.slice(0, 5).map((r) => `${r.board} ${r.period}`).join(', ')})` : ''}`,
    `edge purges pending: ${s.purges ? `${s.purges.pending}${s.purges.pending ? ` (oldest ${s.purges.oldestSeconds} s)` : ''}` : 'no zone configured'}`,
    `projection lag: ${s.projection.reachable ? `${s.projection.lag} writes behind at most, ${s.projection.notReady} not ready` : 'Valkey unreachable'}`,
    ...s.projection.boards.map((b) => `  ${b.board.padEnd(24)} ${b.period.padEnd(11)} newest seq ${String(b.newestSeq).padStart(9)}  version ${String(b.version ?? '?').padStart(9)}  ${b.behind === null ? 'not measured' : `${b.behind} behind`}${b.ready === false ? ', not ready' : ''}`),
    `sources: ${s.sources.length ? '' : '(none)'}`,
    ...s.sources.map((src) => `  ${src.board.padEnd(24)} ${src.at ? `${src.at} ${src.ok ? 'ok' : `failed: ${src.error}`}, ${src.applied} of ${src.rows} rows applied` : 'never synced'}`),
    `counters of this function instance since ${s.counters.since}:`,
    ...Object.entries(s.counters.counters).map(([k, v]) => `  ${k.padEnd(32)} ${v}`),
  ];
  return lines.join('\n');
}

const healthSummary = (r: HealthResult) => `${r.status}: round trips from the function: Valkey ${r.valkeyMs} ms, Supabase ${r.supabaseMs} ms`;

/** A human summary of a reply, where one is more useful than the JSON. */
function summary(command: string, result: unknown): string | null {
  if (command === 'health') return healthSummary(result as HealthResult);
  if (command === 'verify') return verifySummary(result as VerifyResult);
  if (command === 'boards') return boardsSummary(result as BoardsResult);
  if (command === 'webhooks') return webhooksSummary(result as WebhooksResult);
  if (command === 'stats') return statsSummary(result as OperationsStats);
  return null;
}

async function main(): Promise<void> {
  const command = positionals[0];
  if (!command || values.help) {
    console.log(USAGE);
    process.exit(command ? 0 : 2);
  }
  const task = TASK_NAMES.find((t) => t === command) ?? fail(`Unknown command "${command}".\n\n${USAGE}`);
  // The raw flags are sent, not the parsed values: the function parses them again, and applies defaults itself.
  const args = JSON.parse(JSON.stringify(parseTaskArgs(task, argsFor(task)))) as Record<string, unknown>;
  let t;
  try {
    t = resolveTarget(values);
  } catch (err) {
    fail((err as Error).message);
  }
  console.error(`[admin] ${command} → ${t.functionName}${t.endpoint ? ` at ${t.endpoint}` : ` in ${t.region}`}`);
  const reply = await invokeTask<Record<string, unknown>>(t, task, args);
  if (!reply.ok) {
    console.error(`[admin] ${reply.error.code}: ${reply.error.message}${reply.error.details ? ` ${JSON.stringify(reply.error.details)}` : ''}`);
    process.exit(1);
  }
  const text = values.json ? null : summary(command, reply.result);
  console.log(text ?? JSON.stringify(reply.result, null, 2));
  if (command === 'verify' && (reply.result as unknown as VerifyResult).differences > 0) process.exit(1);
  if (command === 'sync-sources' && (reply.result.sources as { ok: boolean }[]).some((s) => !s.ok)) process.exit(1);
  if (command === 'webhooks' && values.resend !== undefined && (reply.result as unknown as WebhooksResult).resent?.status !== 'delivered') process.exit(1);
}

main().catch((err) => {
  console.error(`[admin] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
