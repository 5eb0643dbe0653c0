/**
 * Board sources: an external JSON document (e.g. a contest results API) mapped declaratively
 * onto scores. Pure code: the schema of a source and the row extraction; the origin fetches.
 *
 *   { "url": "https://results.example.com/contest/42.json",
 *     "itemsPath": "data.standings",          dot path to the array; "" when the document is the array
 *     "playerIdField": "user.handle",         dot path inside each item
 *     "scoreField": "points",                 an integer; a string such as "3000" is refused, as the API refuses it
 *     "metadataFields": ["country", "rank"] } optional: copied into metadata under their last segment
 */
import { issuesToDetails, submitScoreSchema, type Source, type SubmitScore } from './schemas.ts';

/** A row the sync skipped, with why. `index` is its position in the source array. */
export interface BadRow {
  index: number;
  playerId?: string;
  reason: string;
}

const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);

/** Follows a dot path through own properties only; undefined when any step is missing. */
export function pick(value: unknown, path: string): unknown {
  if (path === '') return value;
  let cur = value;
  for (const seg of path.split('.')) {
    if (FORBIDDEN_SEGMENTS.has(seg) || cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, seg)) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

/**
 * Maps a source document to valid scores. Invalid rows and repeated player ids (after the
 * first) are reported and left out; a document without the array fails as a whole.
 */
export function extractRows(doc: unknown, source: Source): { rows: SubmitScore[]; bad: BadRow[] } | { error: string } {
  const items = pick(doc, source.itemsPath);
  if (!Array.isArray(items)) return { error: `No array at "${source.itemsPath || '(document root)'}"` };
  const rows: SubmitScore[] = [];
  const bad: BadRow[] = [];
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const playerId = pick(item, source.playerIdField);
    const metadata = source.metadataFields?.length
      ? Object.fromEntries(source.metadataFields.map((f) => [f.split('.').at(-1)!, pick(item, f) ?? null]))
      : undefined;
    const parsed = submitScoreSchema.safeParse({ playerId, score: pick(item, source.scoreField), ...(metadata ? { metadata } : {}) });
    const id = typeof playerId === 'string' ? playerId.slice(0, 128) : undefined;
    if (!parsed.success) {
      const details = issuesToDetails(parsed.error.issues);
      bad.push({ index, ...(id ? { playerId: id } : {}), reason: Object.entries(details).map(([k, v]) => `${k} ${v}`).join('; ') });
    } else if (seen.has(parsed.data.playerId)) {
      bad.push({ index, playerId: parsed.data.playerId, reason: 'playerId repeats an earlier row' });
    } else {
      seen.add(parsed.data.playerId);
      rows.push(parsed.data);
    }
  });
  return { rows, bad };
}
