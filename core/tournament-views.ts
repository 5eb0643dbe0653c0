/**
 * The answers of the tournament endpoints (docs/tournaments.md), apart from their requests
 * (tournaments.ts) so that the Worker, which only validates requests, does not bundle them.
 */
import * as z from 'zod';
import { entriesPageSchema } from './responses.ts';
import { boardIdSchema, scoreFormatSchema, sortSchema } from './schemas.ts';
import { leagueMoveSchema, tournamentRulesViewSchema } from './tournament-rules.ts';
import { tournamentStateSchema } from './tournaments.ts';

export const tournamentSchema = z
  .object({
    id: boardIdSchema,
    name: z.string(),
    state: tournamentStateSchema,
    sort: sortSchema,
    scoreFormat: scoreFormatSchema,
    startsAt: z.iso.datetime().nullable(),
    endsAt: z.iso.datetime().nullable(),
    currentPeriod: z.string(),
    nextResetAt: z.iso.datetime().nullable(),
    joined: z.number().int().min(0).meta({ description: 'Players joined in the current period.' }),
    rules: tournamentRulesViewSchema,
  })
  .meta({ id: 'Tournament' });
export type Tournament = z.infer<typeof tournamentSchema>;

export const tournamentListSchema = z
  .object({
    state: tournamentStateSchema,
    tournaments: z.array(tournamentSchema).meta({ description: 'upcoming: soonest start first; active: soonest end first (no end last); ended: latest end first.' }),
    nextCursor: z.string().nullable().meta({ description: 'Opaque; pass it as ?cursor= for the next page. Null on the last page.' }),
  })
  .meta({ id: 'TournamentList' });
export type TournamentList = z.infer<typeof tournamentListSchema>;

export const cohortPageSchema = entriesPageSchema
  .omit({ snapshot: true })
  .extend({
    cohortId: z.number().int().min(1),
    members: z
      .number()
      .int()
      .min(0)
      .nullable()
      .meta({ description: 'Players placed in the cohort this period, with a score or not (total counts only those with one). Null when the record could not say.' }),
    unscored: z
      .number()
      .int()
      .min(0)
      .nullable()
      .meta({ description: 'Members without a score this period, or hidden by moderation (their score does not count): a league close ranks them last, after every entry, so they take the demotion places first. Null when the record could not say.' }),
  })
  .meta({ id: 'CohortPage' });
export type CohortPage = z.infer<typeof cohortPageSchema>;

/** GET /api/boards/{board}/league?period=: the promotions and demotions of a closed league period. */
export const leagueMovesSchema = z
  .object({
    board: boardIdSchema,
    period: z.string(),
    moves: z
      .array(leagueMoveSchema)
      .meta({ description: 'By cohort, then rank. Empty until the period has closed.' }),
  })
  .meta({ id: 'LeagueMoves' });
export type LeagueMoves = z.infer<typeof leagueMovesSchema>;
