/**
 * The written form of a schedule reset, `every N hours|days from YYYY-MM-DDTHH:mm <IANA zone>`
 * (docs/results.md). Apart from schedules.ts, which checks the parts, so that a page can check the
 * form without bundling zod.
 */
export const SCHEDULE_RESET = /^every (\d{1,4}) (hours|days) from (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}) (\S{1,64})$/;
