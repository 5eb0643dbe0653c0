/**
 * The client package's types (client/src/openapi.ts), generated from the OpenAPI document with
 * openapi-typescript, so the client's shapes are the API's. `npm run openapi` writes them together
 * with docs/openapi.json; build/openapi.test.ts fails when the file is not what this generates.
 */
import { join } from 'node:path';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { ROOT } from './paths.ts';

export const CLIENT_TYPES_FILE = join(ROOT, 'client/src/openapi.ts');

const HEADER = `/**
 * Generated from docs/openapi.json by \`npm run openapi\` (openapi-typescript). Do not edit:
 * change the zod schemas in core/ or build/openapi.ts, then run \`npm run openapi\` again.
 */
`;

/** The TypeScript the client's types file holds for this OpenAPI document (its JSON text). */
export async function clientTypes(openApiJson: string): Promise<string> {
  const ast = await openapiTS(JSON.parse(openApiJson) as OpenAPI3, { alphabetize: false, exportType: false });
  return HEADER + astToString(ast);
}
