/** The Lambda entry point: Function URL requests (payload v2) go to the Hono app. */
import { handle } from 'hono/aws-lambda';
import { app } from './app.ts';

export const handler = handle(app);
