/**
 * The admin CLI: `npm run admin -- <command> [options]`. Each command invokes one of the origin
 * function's maintenance tasks through the Lambda Invoke API.
 *
 * Target: the local stack's emulator by default (http://127.0.0.1:3001, credentials from
 * .dev.vars); `--endpoint URL` for another emulator; `--function NAME` (or LB_FUNCTION_NAME) for
 * the deployed function on AWS, with the default AWS credential chain and AWS_REGION.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { DEV_PORTS, LOCAL_AWS } from '../dev/local-config.ts';
import { loadDevVars } from '../dev/stack/dev-vars.ts';
import type { Board } from '../core/index.ts';
import type { VerifyReport } from '../origin/leaderboard/verify.ts';
import type { SourceStatus } from '../origin/record/types.ts';
import { invokeTask, type InvokeTarget } from './invoke.ts';

const USAGE = `Usage: npm run admin -- <command> [options]

Commands:
  health                                   check Valkey and Supabase from the function
  boards                                   list boards with their current period, entries and source status
  create-board --board ID --name NAME [--sort desc|asc] [--operator best|latest|increment|decrement]
               [--reset never|daily|weekly|monthly] [--writers server|players]
               [--min N] [--max N] [--cache-seconds N] [--source JSON]
               [--rank-mode ordinal|competition|dense] [--score-format integer|duration_ms|fixed:N]
               [--starts-at ISO] [--ends-at ISO]   (docs/boards.md)
  verify --board ID [--period KEY | --all-periods]   compare Valkey with the record entry by entry
  rebuild --board ID [--period KEY | --all-periods]  rebuild Valkey from the record
  rollover                                 close ended periods, prepare new ones, run pending repairs
  sync-source [--board ID]                 pull board sources (all boards with a source by default)
  delete-player --board ID --player ID     erase a player from every period of a board

Target options:
  --endpoint URL     a Lambda emulator (default: the local stack, ${`http://127.0.0.1:${DEV_PORTS.emulator}`})
  --function NAME    the deployed function on AWS (or LB_FUNCTION_NAME); uses AWS_REGION and your AWS credentials
  --region REGION    AWS region (default AWS_REGION, else us-east-1)
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
    source: { type: 'string' },
    'rank-mode': { type: 'string' },
    'score-format': { type: 'string' },
    'starts-at': { type: 'string' },
    'ends-at': { type: 'string' },
    endpoint: { type: 'string' },
    function: { type: 'string' },
    region: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function target(): InvokeTarget {
  const functionName = values.function ?? process.env.LB_FUNCTION_NAME;
  const region = values.region ?? process.env.AWS_REGION ?? LOCAL_AWS.region;
  if (functionName && !values.endpoint) return { functionName, region };
  const vars = loadDevVars(resolve(import.meta.dirname, '..'));
  const accessKeyId = vars.AWS_ACCESS_KEY_ID;
  const secretAccessKey = vars.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) fail('No local AWS credentials: run `npm start` once (it creates .dev.vars), or pass --function for AWS.');
  return {
    functionName: functionName ?? LOCAL_AWS.functionName,
    region,
    endpoint: values.endpoint ?? `http://127.0.0.1:${DEV_PORTS.emulator}`,
    credentials: { accessKeyId, secretAccessKey },
  };
}

const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
const needBoard = () => values.board ?? fail('--board is required');
const periodArgs = () => ({ board: needBoard(), ...(values.period ? { period: values.period } : {}), ...(values['all-periods'] ? { allPeriods: true } : {}) });

/** The task and its arguments for a command. */
function taskFor(command: string): [string, Record<string, unknown>] {
  switch (command) {
    case 'health':
    case 'boards':
    case 'rollover':
      return [command, {}];
    case 'verify':
    case 'rebuild':
      return [command, periodArgs()];
    case 'sync-source':
      return ['sync-sources', values.board ? { board: values.board } : {}];
    case 'delete-player':
      return ['delete-player', { board: needBoard(), player: values.player ?? fail('--player is required') }];
    case 'create-board': {
      let source: unknown;
      try {
        source = values.source ? JSON.parse(values.source) : undefined;
      } catch {
        fail('--source must be JSON');
      }
      const config = {
        name: values.name ?? fail('--name is required'),
        sort: values.sort,
        operator: values.operator,
        reset: values.reset,
        writers: values.writers,
        minScore: num(values.min),
        maxScore: num(values.max),
        cacheSeconds: num(values['cache-seconds']),
        source,
        rankMode: values['rank-mode'],
        scoreFormat: values['score-format'],
        startsAt: values['starts-at'],
        endsAt: values['ends-at'],
      };
      return ['create-board', { board: needBoard(), config: JSON.parse(JSON.stringify(config)) }];
    }
    default:
      fail(`Unknown command "${command}".\n\n${USAGE}`);
  }
}

interface VerifyResult {
  differences: number;
  periods: VerifyReport[];
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
  return `${result.differences} differences\n${lines.join('\n')}`;
}

function boardsSummary(result: BoardsResult): string {
  const sourceNote = (b: BoardsResult['boards'][number]) =>
    !b.source ? '' : `  source: ${!b.sourceStatus ? 'not synced yet' : b.sourceStatus.ok ? 'ok' : `failing (${b.sourceStatus.error})`}`;
  return result.boards.map((b) => `${b.id.padEnd(24)} ${b.reset.padEnd(8)} ${b.currentPeriod.padEnd(11)} ${String(b.entries).padStart(9)} entries${sourceNote(b)}`).join('\n') || '(no boards)';
}

/** A human summary of a reply, where one is more useful than the JSON. */
function summary(command: string, result: unknown): string | null {
  if (command === 'verify') return verifySummary(result as VerifyResult);
  if (command === 'boards') return boardsSummary(result as BoardsResult);
  return null;
}

async function main(): Promise<void> {
  const command = positionals[0];
  if (!command || values.help) {
    console.log(USAGE);
    process.exit(command ? 0 : 2);
  }
  const [task, args] = taskFor(command);
  const t = target();
  console.error(`[admin] ${command} → ${t.functionName}${t.endpoint ? ` at ${t.endpoint}` : ` in ${t.region}`}`);
  const reply = await invokeTask<Record<string, unknown>>(t, task, args);
  if (!reply.ok) {
    console.error(`[admin] ${reply.error.code}: ${reply.error.message}${reply.error.details ? ` ${JSON.stringify(reply.error.details)}` : ''}`);
    process.exit(1);
  }
  const text = values.json ? null : summary(command, reply.result);
  console.log(text ?? JSON.stringify(reply.result, null, 2));
  if (command === 'verify' && (reply.result as unknown as VerifyResult).differences > 0) process.exit(1);
  if (command === 'sync-source' && (reply.result.sources as { ok: boolean }[]).some((s) => !s.ok)) process.exit(1);
}

main().catch((err) => {
  console.error(`[admin] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
