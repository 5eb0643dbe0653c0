/**
 * What the admin operations over HTTP take (docs/operations.md#operations-over-http): the periods
 * of a verify or rebuild (the maintenance tasks take them too), and the paging of the admin lists.
 * Their answers are in operation-reports.ts, apart, so that the Worker bundles only these.
 */
import * as z from 'zod';
import { periodKeyParamSchema } from './schemas.ts';

/** Which periods a verify or rebuild covers: the current one (the default), one `period`, or `allPeriods`. */
export const periodsOptionSchema = z
  .object({
    period: periodKeyParamSchema.optional().meta({ description: 'One period key (2026-11-23, 2026-W48, 2026-11, all…); the current period when left out.' }),
    allPeriods: z.boolean().optional().meta({ description: 'Every period the record holds. Stops early when the time runs out: the rest are listed in `skipped`.' }),
  })
  .strict()
  .meta({ id: 'PeriodsOption' });
export type PeriodsOption = z.infer<typeof periodsOptionSchema>;

/** Paging of the admin lists, newest first: `before` is the `next` of the previous page. */
export const adminPageQuerySchema = z
  .object({
    limit: z.string().regex(/^\d{1,3}$/, 'must be an integer from 1 to 200').transform(Number).pipe(z.number().min(1, 'must be an integer from 1 to 200').max(200, 'must be an integer from 1 to 200')).optional(),
    before: z.string().regex(/^[1-9]\d{0,14}$/, 'must be a positive integer: the next of the previous page').transform(Number).optional(),
  })
  .strict();
export const ADMIN_PAGE_DEFAULT = 50;
