/** Tournaments and cohorts (docs/tournaments.md): requests and cursors (their answers: tournament-views.ts). */
import * as z from 'zod';
import { BOARD_ID_PATTERN } from './ids.ts';
import { boardIdSchema, playerIdSchema } from './schemas.ts';
import { COHORT_BY_PATTERN, memberSchema } from './tournament-rules.ts';

/** POST /api/boards/{board}/join. `band` is the cohortBy band, given by a game server (never by a player). */
export const joinSchema = z
  .strictObject({
    playerId: playerIdSchema,
    band: z.string().regex(COHORT_BY_PATTERN, 'must match ^[A-Za-z0-9_.:-]{1,64}$').optional(),
  })
  .meta({ id: 'Join' });
export type Join = z.infer<typeof joinSchema>;

export const joinResultSchema = memberSchema
  .extend({
    board: boardIdSchema,
    joined: z.boolean().meta({ description: 'True when this call added the player; false when they had joined already (joining is idempotent).' }),
    joinedCount: z.number().int().min(0).meta({ description: 'Players joined in this period.' }),
    maxSize: z.number().int().min(1).nullable(),
  })
  .meta({ id: 'JoinResult' });
export type JoinResult = z.infer<typeof joinResultSchema>;

export const tournamentStateSchema = z.enum(['upcoming', 'active', 'ended']);
export type TournamentState = z.infer<typeof tournamentStateSchema>;

export const tournamentsQuerySchema = z.object({
  state: tournamentStateSchema.optional().transform((s) => s ?? 'active'),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'must be an integer from 1 to 100')
    .transform(Number)
    .pipe(z.number().min(1, 'must be an integer from 1 to 100').max(100, 'must be an integer from 1 to 100'))
    .optional()
    .transform((v) => v ?? 20),
  cursor: z.string().max(200).optional(),
});

const toBase64Url = (text: string) => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const AT_PATTERN = /^(infinity|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)$/;

/** A position in GET /api/tournaments: the state listed, the sort instant and id of the last tournament returned. */
export interface TournamentsCursor {
  state: TournamentState;
  at: string;
  id: string;
}

export const encodeTournamentsCursor = (c: TournamentsCursor): string => toBase64Url(`t1.${c.state}.${c.at}.${c.id}`);

/** The position in a tournaments cursor; null when it is not one `encodeTournamentsCursor` could have made. */
export function parseTournamentsCursor(cursor: string): TournamentsCursor | null {
  if (cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  let text: string;
  try {
    text = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
  const m = /^t1\.(upcoming|active|ended)\.([^.]+\.\d{3}Z|infinity)\.(.+)$/.exec(text);
  if (!m || !AT_PATTERN.test(m[2]!) || !BOARD_ID_PATTERN.test(m[3]!)) return null;
  return { state: m[1] as TournamentState, at: m[2]!, id: m[3]! };
}

export const cohortParamsSchema = z.object({
  board: boardIdSchema,
  cohortId: z.string().regex(/^[1-9]\d{0,8}$/, 'must be a cohort id (a positive integer)').transform(Number),
});

