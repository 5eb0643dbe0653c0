import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS, errorCodeSchema, errorEnvelopeSchema } from '../core/index.ts';
import { CLIENT_TYPES_FILE, clientTypes } from './client-types.ts';
import { OPENAPI_FILE, OPERATIONS, openApiDocument, openApiJson, type ExampleBody } from './openapi.ts';
import { ROOT } from './paths.ts';

type Doc = ReturnType<typeof openApiDocument>;
type Json = Record<string, any>;

const doc = openApiDocument() as Doc & Json;
describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1, and docs/openapi.json is exactly what build/openapi.ts generates (run npm run openapi)', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(openApiJson());
  });

  it("is what the client package's types were generated from: client/src/openapi.ts is current (run npm run openapi)", async () => {
    const types = readFileSync(CLIENT_TYPES_FILE, 'utf8');
    expect(types).toBe(await clientTypes(openApiJson()));
    // The generated types carry the shapes the client wrapper relies on.
    expect(types).toContain('"/api/boards/{board}/scores"');
    expect(types).toContain('previous: components["schemas"]["WrittenEntry"] | null;');
  });

  it('writes a nullable reference as anyOf with null, never as an allOf no null satisfies', () => {
    const json = openApiJson();
    expect(json).not.toMatch(/"allOf"/);
    expect(JSON.parse(json).components.schemas.SubmitResult.properties.previous).toEqual({ anyOf: [{ $ref: '#/components/schemas/WrittenEntry' }, { type: 'null' }] });
  });

  it('names every path parameter of a route', () => {
    for (const [path, item] of Object.entries(doc.paths as Json)) {
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const op of Object.values(item as Json)) {
        const declared = ((op as Json).parameters ?? []).filter((p: Json) => p.in === 'path').map((p: Json) => p.name);
        expect(declared.sort(), path).toEqual(inPath.sort());
      }
    }
  });

  it('has examples that validate against the schemas they illustrate', () => {
    let checked = 0;
    const check = (where: string, body: ExampleBody | null | { description: string } | undefined, example: unknown) => {
      expect(body && 'schema' in body, `${where} has a schema`).toBe(true);
      const parsed = (body as ExampleBody).schema.safeParse(example);
      expect(parsed.error?.issues ?? [], where).toEqual([]);
      checked++;
    };
    for (const op of OPERATIONS) {
      const documented = (doc.paths as Json)[op.path][op.method] as Json;
      const requestExample = documented.requestBody?.content?.['application/json']?.example;
      if (op.body) check(`${op.method} ${op.path} request`, op.body, requestExample);
      else expect(requestExample).toBeUndefined();
      for (const [status, response] of Object.entries(documented.responses as Json)) {
        const example = (response as Json).content?.['application/json']?.example;
        if (example !== undefined) check(`${op.method} ${op.path} ${status}`, op.responses[Number(status)], example);
      }
    }
    for (const [name, response] of Object.entries(doc.components?.responses as Json)) {
      const example = (response as Json).content['application/json'].example;
      check(`components.responses.${name}`, { schema: errorEnvelopeSchema, example }, example);
      expect(`Error${ERROR_STATUS[example.error.code as keyof typeof ERROR_STATUS]}`).toBe(name);
    }
    expect(checked).toBeGreaterThanOrEqual(25);
  });

  it('links every error status an operation can answer to a shared error response', () => {
    const refs = new Set<string>();
    for (const item of Object.values(doc.paths as Json)) {
      for (const op of Object.values(item as Json)) {
        for (const r of Object.values((op as Json).responses as Json)) if ((r as Json).$ref) refs.add((r as Json).$ref);
      }
    }
    for (const ref of refs) expect(doc.components?.responses, ref).toHaveProperty(ref.split('/').at(-1)!);
    expect(refs.size).toBe(new Set(Object.values(ERROR_STATUS)).size);
  });

  it('marks batch entries as unranked and a write reply rank as nullable', () => {
    const schemas = doc.components?.schemas as Json;
    expect(schemas.BatchEntry.properties.rank).toMatchObject({ type: 'null' });
    expect(schemas.WrittenEntry.properties.rank.type).toEqual(['integer', 'null']);
    expect(schemas.Entry.properties.rank.type).toBe('integer');
  });
});

describe('docs/api.md', () => {
  const apiMd = readFileSync(join(ROOT, 'docs/api.md'), 'utf8');

  it('lists every error code with its status in the error table', () => {
    for (const code of errorCodeSchema.options) expect(apiMd, code).toMatch(new RegExp(`^\\| \`${code}\` \\| ${ERROR_STATUS[code]} \\|`, 'm'));
  });

});
