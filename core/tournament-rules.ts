/**
 * A board's entry rules (docs/tournaments.md): the `tournament` setting of a board config and
 * of a board view. Kept apart from schemas.ts and responses.ts, which both use it.
 */
import * as z from 'zod';

export const COHORT_BY_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;
export const MAX_COHORT_SIZE = 1000;

const fields = {
  joinRequired: z.boolean().meta({ description: 'A player must join (POST …/join) before submitting; otherwise a first submission joins.' }),
  maxSize: z.number().int().min(1).max(100_000_000).nullable().meta({ description: 'Players per period; joins past it get 409 full. Null: no cap.' }),
  maxAttempts: z.number().int().min(1).max(1_000_000).nullable().meta({ description: 'Submissions per player per period; further ones get 409 attempts_exhausted. Null: no cap.' }),
  cohortSize: z.number().int().min(1).max(MAX_COHORT_SIZE).nullable().meta({ description: 'Players per cohort: each player is placed, on joining, in a cohort of at most this many, and ranked inside it. Null: no cohorts.' }),
  cohortBy: z.string().regex(COHORT_BY_PATTERN).nullable().meta({ description: 'The name of the band the server supplies on join (e.g. skill tier): cohorts are filled per band. Needs cohortSize.' }),
  league: z
    .strictObject({
      tiers: z.number().int().min(2).max(20).meta({ description: 'Tiers 1 (lowest) to tiers; every player starts in tier 1.' }),
      promote: z.number().int().min(0).max(1000).meta({ description: 'The top this many of every cohort move up a tier at each period close.' }),
      demote: z.number().int().min(0).max(1000).meta({ description: 'The bottom this many of every cohort move down a tier (members without an entry rank last).' }),
    })
    .nullable()
    .meta({ id: 'League', description: 'A league: cohorts formed within tiers, promotion and demotion at each period close. Needs cohortSize and a reset, and no cohortBy (the tier is the band).' }),
};

/** The rules as PUT /api/boards/{board} takes them: each key may be left out (no rule). */
export const tournamentRulesSchema = z
  .strictObject({
    joinRequired: fields.joinRequired.optional(),
    maxSize: fields.maxSize.optional(),
    maxAttempts: fields.maxAttempts.optional(),
    cohortSize: fields.cohortSize.optional(),
    cohortBy: fields.cohortBy.optional(),
    league: fields.league.optional(),
  })
  .refine((r) => r.cohortBy == null || r.cohortSize != null, { message: 'cohortBy needs cohortSize', path: ['cohortBy'] })
  .refine((r) => r.league == null || (r.cohortSize != null && r.cohortBy == null), { message: 'a league needs cohortSize, and no cohortBy (the tier is the band)', path: ['league'] })
  .meta({ id: 'TournamentRules' });
export type TournamentRulesInput = z.infer<typeof tournamentRulesSchema>;

/** The rules as board views show them. */
export const tournamentRulesViewSchema = z.object(fields).meta({ id: 'TournamentRulesView' });
export type TournamentRules = z.infer<typeof tournamentRulesViewSchema>;

/** A player's membership of a board period, on join, in a write's reply and in the player's view. */
export const memberSchema = z
  .object({
    period: z.string(),
    playerId: z.string(),
    cohortId: z.number().int().min(1).nullable().meta({ description: 'The cohort the player was placed in; null on a board without cohorts.' }),
    band: z.string().nullable().meta({ description: 'The cohortBy band the server gave on join; null when none.' }),
    attemptsUsed: z.number().int().min(0),
    attemptsLeft: z.number().int().min(0).nullable().meta({ description: 'Null when the board has no maxAttempts.' }),
    maxAttempts: z.number().int().min(1).nullable(),
    joinedAt: z.iso.datetime(),
    tier: z.number().int().min(1).nullable().optional().meta({ description: "In a league: the player's tier this period (1 is the lowest); null otherwise." }),
  })
  .meta({ id: 'Member' });
export type Member = z.infer<typeof memberSchema>;

/** One member's move at a league period close (GET …/league, and a league period's results). */
export const leagueMoveSchema = z
  .object({
    playerId: z.string(),
    cohortId: z.number().int().min(1),
    rank: z.number().int().min(1).meta({ description: 'The rank inside the cohort at the close (members without an entry rank last).' }),
    fromTier: z.number().int().min(1),
    toTier: z.number().int().min(1),
  })
  .meta({ id: 'LeagueMove' });
export type LeagueMove = z.infer<typeof leagueMoveSchema>;
