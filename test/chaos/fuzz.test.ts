/**
 * Bad input, property-based (fast-check), against the edge and straight against the origin
 * (signed as the edge signs). Random and hostile ids, scores, metadata, headers, JSON, methods
 * and paths. Never a 5xx, never a secret in a response, errors always in the envelope, and
 * afterwards the fuzzed boards' record and projection agree and hold only acknowledged writes.
 */
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoard, JWT_ISSUER, JWT_SECRET, uniqueBoard } from '../helpers.ts';
import { control, pick, report, useStack } from './harness/control.ts';
import { classify, describeInput, isRuntimeRestart, productionTimeouts, type FuzzInput, type Incident } from './harness/incidents.ts';
import { checkBoard, Ledger } from './harness/ledger.ts';
import { leaked, stackSecrets } from './harness/secrets.ts';
import { originFetch } from './harness/signed.ts';

/** fast-check's report of a failure, cut short: counterexamples can be megabytes of JSON. */
const short = (err: unknown): never => {
  const cause = err instanceof Error && err.cause instanceof Error ? `\nCaused by: ${err.cause.message}` : '';
  const message = (err instanceof Error ? err.message : String(err)) + cause;
  throw new Error(message.length > 3000 ? `${message.slice(0, 1500)} … ${message.slice(-1500)}` : message);
};

let edge: string;
let secrets: Record<string, string>;
let devVars: Record<string, string>;
let playerJwt: string;
const ledger = new Ledger();
const boards = [uniqueBoard('fz'), uniqueBoard('fz')];
const started = Date.now();
let tried = 0;
/** Crashes and hangs seen while fuzzing, replayed alone at the end (see harness/incidents.ts). */
const incidents: Incident[] = [];
/**
 * Production's timeouts: the edge gives up on the origin after ORIGIN_TIMEOUT_MS (the chaos stack
 * runs the Worker with wrangler.toml's value), and Lambda stops the function after its Timeout.
 * No answer from either within the function's Timeout is a hang.
 */
const timeouts = productionTimeouts();

beforeAll(async () => {
  const info = await useStack('standalone');
  edge = info.urls.edge;
  devVars = info.devVars;
  secrets = stackSecrets(devVars);
  await createBoard(boards[0]!, { operator: 'increment', writers: 'players' });
  await createBoard(boards[1]!, { operator: 'best', minScore: -1000, maxScore: 1000 });
  playerJwt = await new SignJWT({ role: 'authenticated' }).setProtectedHeader({ alg: 'HS256' }).setIssuer(JWT_ISSUER()).setSubject('ann').setAudience('authenticated').setIssuedAt().setExpirationTime('10m').sign(new TextEncoder().encode(JWT_SECRET()));
});

// ---- arbitraries -----------------------------------------------------------------------

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 200 });
const hostileIds = ['..', '../..', '%2e%2e', '%00', '\u0000', 'a'.repeat(129), 'A'.repeat(300), '__proto__', 'constructor', 'prototype', '<script>alert(1)</script>', "' OR 1=1 --", '${jndi:ldap://x}', 'CON', '%ff%fe', 'ann', 'p1', '-', '.', '@', 'ü', '😀', 'a b', 'a/b', 'a?b', 'a#b'];
const id = fc.oneof(fc.constantFrom(...hostileIds), fc.string({ maxLength: 140 }), printable, fc.stringMatching(/^[A-Za-z0-9_.:@-]{1,20}$/));
const boardId = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...boards) }, { weight: 1, arbitrary: id });
const pathPart = (s: string, raw: boolean) => (raw ? s.replace(/[#?]/g, '') : encodeURIComponent(s));

/** A raw JSON token for a score: integers at and beyond the limits, floats, exponents, strings, NaN-likes. */
const rawScore = fc.oneof(
  fc.integer().map(String),
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.constantFrom('9007199254740991', '-9007199254740991', '9007199254740992', '9007199254740993', '-9007199254740993', '1e3', '1E308', '1e309', '-1e-7', '-0', '0.0', '1.0', '1.5', '0x10', 'NaN', 'Infinity', '-Infinity', 'null', 'true', '[]', '{}', '"10"', '"1e3"', '""', '1' + '0'.repeat(400), '1_000', '+1', '01'),
  fc.double().map((d) => JSON.stringify(d)),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
  fc.string().map((s) => JSON.stringify(s)),
);

const deep = (n: number, leaf = '1') => '{"a":'.repeat(n) + leaf + '}'.repeat(n);
/** Raw JSON text for metadata, or undefined for none. */
const rawMetadata = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.constantFrom(
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '{"__proto__":null,"toString":"x","hasOwnProperty":1}',
    '{"a":1,"a":2}',
    deep(100),
    deep(600),
    deep(20_000),
    '[' .repeat(30_000) + ']'.repeat(30_000),
    JSON.stringify({ big: 'x'.repeat(1024) }),
    JSON.stringify({ big: 'x'.repeat(1 << 20) }),
    '{"s":"\\ud800"}',
    '{"s":"\\u0000"}',
  ),
);

const rawBody = fc.oneof(
  { weight: 6, arbitrary: fc.record({ player: id, score: rawScore, metadata: rawMetadata }).map(({ player, score, metadata }) => `{"playerId":${JSON.stringify(player)},"score":${score}${metadata === undefined ? '' : `,"metadata":${metadata}`}}`) },
  { weight: 2, arbitrary: fc.array(fc.record({ player: id, score: rawScore, metadata: rawMetadata }), { maxLength: 5 }).map((l) => `{"entries":[${l.map((e) => `{"playerId":${JSON.stringify(e.player)},"score":${e.score}${e.metadata === undefined ? '' : `,"metadata":${e.metadata}`}}`).join(',')}]}`) },
  { weight: 1, arbitrary: fc.constantFrom('', 'null', '[]', '{', '{"playerId":"a","score":1', '{"playerId":"a","score":1}{}', '\u0000', 'x'.repeat(70_000), `{"entries":[${Array.from({ length: 1001 }, (_, i) => `{"playerId":"p${i}","score":1}`).join(',')}]}`, `{"entries":[{"playerId":"a","score":1,"metadata":${deep(150_000)}}]}`, '{"name":"x","sort":"desc","operator":"best","reset":"never","writers":"server"}') },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
);

const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'POST', 'POST', 'GET');
const query = fc.oneof(fc.constant(''), fc.dictionary(fc.constantFrom('limit', 'cursor', 'period', 'radius', 'ids', 'count', 'x', 'constructor'), fc.oneof(printable, fc.constantFrom('0', '-1', '101', '1e2', '1.5', 'all', '2026-W99', '9999-01', 'ann,bob,' + 'x,'.repeat(200), '%00')), { maxKeys: 3 }).map((q) => `?${new URLSearchParams(q)}`));
const path = fc.oneof(
  fc.record({ b: boardId, raw: fc.boolean() }).map(({ b, raw }) => `/api/boards/${pathPart(b, raw)}/scores`),
  fc.record({ b: boardId, raw: fc.boolean() }).map(({ b, raw }) => `/api/boards/${pathPart(b, raw)}/scores/batch`),
  fc.record({ b: boardId, q: query, raw: fc.boolean() }).map(({ b, q, raw }) => `/api/boards/${pathPart(b, raw)}/entries${q}`),
  fc.record({ b: boardId, p: id, q: query, raw: fc.boolean() }).map(({ b, p, q, raw }) => `/api/boards/${pathPart(b, raw)}/players/${pathPart(p, raw)}${q}`),
  fc.record({ b: boardId, p: id, q: query }).map(({ b, p, q }) => `/api/boards/${encodeURIComponent(b)}/players/${encodeURIComponent(p)}/around${q}`),
  fc.record({ b: boardId, q: query }).map(({ b, q }) => `/api/boards/${encodeURIComponent(b)}/players${q}`),
  fc.record({ b: boardId, raw: fc.boolean() }).map(({ b, raw }) => `/api/boards/${pathPart(b, raw)}`),
  query.map((q) => `/leaderboard${q}`),
  fc.constantFrom('/api/health', '/api/boards', '/api', '/api/', '/api//boards', '/api/boards/', '/api/boards/%2e%2e/scores', '/api/boards/..%2f..%2fetc%2fpasswd/entries', '/2015-03-31/functions/x/invocations', '/__emulator/stats'),
  fc.webPath().map((p) => (p.startsWith('/') ? p : `/${p}`)),
);

type Auth = 'none' | 'admin' | 'server' | 'player' | 'garbage';
const headersArb = fc.record({
  auth: fc.constantFrom<Auth>('none', 'server', 'server', 'player', 'admin', 'garbage'),
  garbage: fc.oneof(printable, fc.constantFrom('Bearer', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', 'Bearer a.b.c', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbm4iLCJhdWQiOiJhdXRoZW50aWNhdGVkIn0.', `Bearer ${'x'.repeat(8000)}`)),
  contentType: fc.constantFrom('application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/vnd.api+json', 'application/jsonx', 'multipart/form-data; boundary=x', ''),
  extra: fc.dictionary(fc.constantFrom('idempotency-key', 'x-request-id', 'x-lb-principal', 'if-none-match', 'x-forwarded-for', 'cf-connecting-ip', 'content-length-x', 'accept'), printable, { maxKeys: 3 }),
});

const requestArb = fc.record({ method, path, body: rawBody, headers: headersArb });
type FuzzRequest = typeof requestArb extends fc.Arbitrary<infer T> ? T : never;

function buildHeaders(h: FuzzRequest['headers']): Record<string, string> {
  const out: Record<string, string> = { ...h.extra };
  if (h.contentType) out['content-type'] = h.contentType;
  const bearer = { none: null, admin: devVars.ADMIN_API_KEY, server: devVars.SERVER_API_KEYS?.split(',')[0], player: playerJwt, garbage: null }[h.auth];
  if (bearer) out.authorization = `Bearer ${bearer}`;
  else if (h.auth === 'garbage') out.authorization = h.garbage;
  return out;
}

const hasBody = (m: string) => m !== 'GET' && m !== 'HEAD';

/** Deleting a fuzzed board would leave nothing to check afterwards: the admin's DELETE of a board goes in as the game server. */
const deletesBoard = (r: { method: string; path: string }) => r.method === 'DELETE' && /^\/api\/boards\/[^/]+\/?$/.test(r.path);

type Sent = { res: Response; text: string } | { kind: Incident['kind']; detail: string };

/** Sends one input to the edge; a dropped connection, a runtime restart or no answer in time comes back as an incident. */
async function sendToEdge(i: FuzzInput): Promise<Sent> {
  try {
    const res = await fetch(edge + i.path, { method: i.method, headers: i.headers, ...(i.body !== undefined ? { body: i.body } : {}), redirect: 'manual', signal: AbortSignal.timeout(timeouts.lambdaMs) });
    const text = await res.text();
    if (isRuntimeRestart(res.status, text)) return { kind: 'runtime restarted', detail: `503 ${text.slice(0, 60)}` };
    return { res, text };
  } catch (err) {
    return { kind: classify(err), detail: err instanceof Error ? `${err.message}${err.cause instanceof Error ? `: ${err.cause.message}` : ''}` : String(err) };
  }
}

/** Sends one input straight to the origin, signed; `not sent` when aws4fetch refuses it before sending. */
async function sendToOrigin(i: FuzzInput): Promise<Sent | 'not sent'> {
  try {
    const res = await originFetch(i.method, i.path, { body: i.body, headers: i.headers, principal: i.principal, timeoutMs: timeouts.lambdaMs });
    return { res, text: await res.text() };
  } catch (err) {
    // aws4fetch refuses some inputs before sending (e.g. a body on OPTIONS with no length); nothing reached the origin.
    if (err instanceof TypeError && err.message !== 'fetch failed') return 'not sent';
    return { kind: classify(err), detail: err instanceof Error ? `${err.message}${err.cause instanceof Error ? `: ${err.cause.message}` : ''}` : String(err) };
  }
}

function note(i: Incident): void {
  incidents.push(i);
  ledger.count(`${i.where} ${i.kind}, replayed at the end`);
  console.log(`[chaos] recorded ${describeInput(i).slice(0, 400)}`);
}

/** What every answer must satisfy, from the edge or from the origin. */
function checkAnswer(where: string, req: { method: string; path: string }, status: number, text: string, headers: Headers): void {
  const what = `${where} ${req.method} ${req.path.slice(0, 200)} -> ${status} ${text.slice(0, 300)}`;
  expect(status, what).toBeLessThan(500);
  expect(leaked(secrets, text), what).toEqual([]);
  expect(leaked(secrets, [...headers].join('\n')), what).toEqual([]);
  // What the server saw: fetch resolves dot segments (`/api/boards/../../x` is `/x`).
  const seen = new URL(`http://x${req.path}`).pathname;
  const isApi = seen.startsWith('/api/') || seen.startsWith('/leaderboard');
  if (status >= 400 && isApi && req.method !== 'HEAD') {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown }; requestId?: unknown };
    expect(typeof body.error?.code, what).toBe('string');
    expect(typeof body.error?.message, what).toBe('string');
    expect(typeof body.requestId, what).toBe('string');
  }
}

/** JSON with object keys sorted (jsonb does not keep key order). */
function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
}

/**
 * Records acknowledged score writes on the fuzzed boards, so the final check can account for
 * them. A replay of an Idempotency-Key wrote nothing, so it is not counted.
 */
function noteWrite(req: { method: string; path: string; body: string }, status: number, text: string, headers?: Headers): void {
  const m = /^\/api\/boards\/([^/?]+)\/scores(\/batch)?$/.exec(req.path);
  // A fuzzed path may hold a malformed escape (%ff): it names none of the boards.
  let board: string;
  try {
    board = decodeURIComponent(m?.[1] ?? '');
  } catch {
    return;
  }
  if (req.method !== 'POST' || !m || !boards.includes(board)) return;
  if (headers?.get('idempotent-replayed') === 'true') return;
  if (status !== 200) return ledger.count(`write ${status}`);
  ledger.count('200');
  const sent = JSON.parse(req.body) as { playerId: string; score: number; metadata?: unknown; entries?: { playerId: string; score: number; metadata?: unknown }[] };
  const got = JSON.parse(text) as { entry?: any; updated: boolean; previous: any; results?: { playerId: string; updated: boolean; entry: any }[] };
  const pairs = m[2] ? sent.entries!.map((e, i) => [e, got.results![i]!] as const) : [[sent, got] as const];
  const seq = headers?.get('x-board-seq');
  for (const [s, g] of pairs) {
    ledger.acks.push({ board, playerId: s.playerId, score: s.score, entry: g.entry, updated: g.updated, previous: null, at: Date.now(), seq: seq ? Number(seq) : null });
    // Hostile keys such as __proto__ are data: what is stored is what was sent.
    if (s.metadata !== undefined && s.metadata !== null && g.updated) expect(canonical(g.entry.metadata)).toBe(canonical(s.metadata));
  }
}

describe('bad input', () => {
  afterAll(async () => {
    let found = 0;
    let differences = 0;
    for (const b of boards) {
      const check = await checkBoard(ledger, b);
      found += check.found;
      differences += check.differences;
      expect(check).toMatchObject({ found: check.acknowledged, unacknowledged: 0, differences: 0, edgeDifference: null });
    }
    await report({ scenario: 'bad input fuzzing (edge + signed origin)', acknowledged: ledger.acks.length, found, fuzzed: tried, errors: ledger.errors(), differences, seconds: (Date.now() - started) / 1000 });
    console.log(`[chaos] fuzzing: ${tried} inputs tried, ${ledger.acks.length} writes acknowledged`);
  });

  it('the edge: never a 5xx, never a secret, always the envelope', async () => {
    await fc.assert(
      fc.asyncProperty(requestArb, async (r) => {
        tried++;
        const headers = buildHeaders(deletesBoard(r) && r.headers.auth === 'admin' ? { ...r.headers, auth: 'server' } : r.headers);
        const input: FuzzInput = { method: r.method, path: r.path, headers, ...(hasBody(r.method) ? { body: r.body } : {}) };
        const out = await sendToEdge(input);
        // A crash or a hang is not an answer to check: its input is recorded and replayed alone at the end.
        if ('kind' in out) return void note({ where: 'edge', ...out, input });
        const { res, text } = out;
        ledger.count(`edge ${res.status}`);
        checkAnswer('edge', r, res.status, text, res.headers);
        noteWrite(r, res.status, text, res.headers);
      }),
      { numRuns: pick(250, 800), endOnFailure: true },
    ).catch(short);
  });

  it('the origin, signed as the edge: never a 5xx, never a secret, always the envelope', async () => {
    const principal = fc.constantFrom('server:0', 'admin', 'player:ann', 'player:', 'server', 'root', 'player:ann:bob', '', 'admin ');
    await fc.assert(
      fc.asyncProperty(requestArb, principal, async (r, p) => {
        tried++;
        const headers: Record<string, string> = { ...r.headers.extra };
        delete headers['x-lb-principal'];
        if (r.headers.contentType) headers['content-type'] = r.headers.contentType;
        const input: FuzzInput = { method: r.method, path: r.path, headers, body: r.body, principal: deletesBoard(r) && p.trim() === 'admin' ? 'server:0' : p };
        const out = await sendToOrigin(input);
        if (out === 'not sent') return void ledger.count('origin not sent');
        if ('kind' in out) return void note({ where: 'origin', ...out, input });
        const { res, text } = out;
        ledger.count(`origin ${res.status}`);
        checkAnswer('origin', r, res.status, text, res.headers);
        noteWrite(r, res.status, text, res.headers);
      }),
      { numRuns: pick(150, 500), endOnFailure: true },
    ).catch(short);
  });

  it('hostile scores and metadata on a valid write: 200 exactly when valid, stored exactly', async () => {
    const body = fc.record({ score: rawScore, metadata: rawMetadata });
    await fc.assert(
      fc.asyncProperty(body, async ({ score, metadata }) => {
        tried++;
        const text = `{"playerId":"hp","score":${score}${metadata === undefined ? '' : `,"metadata":${metadata}`}}`;
        const input: FuzzInput = { method: 'POST', path: `/api/boards/${boards[1]}/scores`, headers: { authorization: `Bearer ${devVars.SERVER_API_KEYS!.split(',')[0]}`, 'content-type': 'application/json' }, body: text };
        const out = await sendToEdge(input);
        if ('kind' in out) return void note({ where: 'edge', ...out, input });
        const { res, text: answer } = out;
        ledger.count(`edge ${res.status}`);
        checkAnswer('edge', { method: 'POST', path: '/scores' }, res.status, answer, res.headers);
        let parsed: any;
        try { parsed = JSON.parse(text); } catch { parsed = null; }
        const n = parsed?.score;
        const meta = parsed?.metadata;
        let metaOk: boolean;
        try {
          metaOk = meta === undefined || meta === null || (typeof meta === 'object' && !Array.isArray(meta) && new TextEncoder().encode(JSON.stringify(meta)).length <= 1024);
        } catch {
          metaOk = false; // too deep to serialise: certainly over 1 KiB
        }
        const valid = parsed !== null && Number.isSafeInteger(n) && n >= -1000 && n <= 1000 && metaOk;
        const what = `${text.slice(0, 200)} -> ${answer.slice(0, 200)}`;
        // Postgres jsonb cannot store \u0000 or a lone surrogate: those are refused with 400.
        if (valid && /\\ud800|\\u0000/.test(text)) expect(res.status, what).toBe(400);
        else if (valid) expect(res.status, what).toBe(200);
        else expect(res.status, what).toBeOneOf([400, 413]);
        noteWrite({ method: 'POST', path: `/api/boards/${boards[1]}/scores`, body: text }, res.status, answer, res.headers);
      }),
      { numRuns: pick(150, 400), endOnFailure: true },
    ).catch(short);
  });

  it('no crash or hang seen while fuzzing happens again when its input is sent alone to a fresh edge or origin', async () => {
    const reproduced: string[] = [];
    // The same input twice is replayed once; at most 10 replays, each on a fresh process.
    const seen = new Set<string>();
    const unique = incidents.filter((i) => !seen.has(describeInput(i)) && seen.add(describeInput(i)).size > 0).slice(0, 10);
    for (const i of unique) {
      await control('POST', i.where === 'edge' ? '/edge/restart' : '/emulator/start');
      const again = i.where === 'edge' ? await sendToEdge(i.input) : await sendToOrigin(i.input);
      const happened = again !== 'not sent' && 'kind' in again;
      console.log(`[chaos] replayed alone: ${happened ? 'REPRODUCED' : 'did not happen again'}: ${describeInput(i).slice(0, 400)}`);
      if (happened) reproduced.push(`${describeInput(i)}\n  replay: ${again.kind} (${again.detail})`);
      else {
        ledger.count(`${i.where} ${i.kind}, not reproduced alone`);
        // Answered this time: the answer must pass the same checks.
        if (again !== 'not sent') {
          checkAnswer(i.where, i.input, again.res.status, again.text, again.res.headers);
          // A replayed write that was acknowledged this time is accounted for like any other.
          noteWrite({ method: i.input.method, path: i.input.path, body: i.input.body ?? '' }, again.res.status, again.text, again.res.headers);
        }
      }
    }
    expect(reproduced, `inputs that crash or hang the ${reproduced.length === 1 ? 'service' : 'services'} every time:\n${reproduced.join('\n')}`).toEqual([]);
  });
});

