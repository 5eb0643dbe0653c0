/** Hono request validation for the origin's routes: every failure becomes the API's invalid_request envelope. */
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { ApiError, issuesToDetails } from '../../core/index.ts';

/** A Hono validator for query or path parameters that fails with the API's envelope. */
export function validate<Target extends keyof ValidationTargets, S extends ZodType>(target: Target, schema: S) {
  return zValidator(target, schema, (result) => {
    if (!result.success) throw new ApiError('invalid_request', `Invalid ${target === 'param' ? 'path' : target}`, issuesToDetails(result.error.issues));
  });
}
