/**
 * Test fixture: a tiny Hono app behind `handle` from hono/aws-lambda that echoes what it received.
 * Non-HTTP events (Invoke API payloads) are echoed back as-is; `{ "throw": true }` or path /__throw makes it throw;
 * /__plain answers an object without Hono, /__bad_header a result with a header value HTTP cannot carry.
 */
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import type { FunctionUrlEvent } from './event.ts';

const app = new Hono<{ Bindings: { event: FunctionUrlEvent } }>();

app.get('/api/boards/:board/players/:player/around', (c) =>
  c.json({ board: c.req.param('board'), player: c.req.param('player'), radius: c.req.query('radius'), period: c.req.query('period') }),
);
app.get('/cookies', (c) => {
  c.header('set-cookie', 'a=1; Path=/', { append: true });
  c.header('set-cookie', 'b=2; Path=/', { append: true });
  return c.json({ cookie: c.req.header('cookie') ?? null });
});
app.get('/sleep', async (c) => {
  await new Promise((r) => setTimeout(r, Number(c.req.query('ms') ?? '1000')));
  return c.text('late');
});
app.all('*', async (c) => {
  const event = c.env.event;
  return c.json({
    method: c.req.method,
    path: c.req.path,
    rawPath: event.rawPath,
    rawQueryString: event.rawQueryString,
    query: c.req.queries(),
    body: await c.req.text(),
    isBase64Encoded: event.isBase64Encoded,
    userArn: event.requestContext.authorizer.iam.userArn,
    accessKey: event.requestContext.authorizer.iam.accessKey,
    requestId: event.requestContext.requestId,
    principal: c.req.header('x-lb-principal') ?? null,
  });
});

const http = handle(app);

/** The fixture Lambda handler. */
export const handler = async (event: unknown, context: unknown): Promise<unknown> => {
  const e = event as Record<string, unknown> | null;
  if (e && typeof e === 'object' && 'rawPath' in e) {
    if (e['rawPath'] === '/__throw') throw new Error('boom from fixture');
    if (e['rawPath'] === '/__plain') return { plain: true };
    if (e['rawPath'] === '/__bad_header') return { statusCode: 200, headers: { 'x-bad': 'a\nb' }, body: 'no' };
    return http(event as never, context as never);
  }
  if (e && typeof e === 'object' && e['throw'] === true) throw new TypeError('invoke boom');
  return { echo: event, functionName: (context as { functionName?: string }).functionName };
};
