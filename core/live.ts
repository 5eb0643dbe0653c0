/**
 * Live rank updates (docs/live.md): the stream's query, the events it sends, and the batch of
 * events the origin hands the edge. The event id of every `entry` is the board's version (its `seq`).
 */
import * as z from 'zod';
import { playerIdSchema } from './schemas.ts';
import { MAX_IDS } from './schemas.ts';

/** The largest top list a stream may watch. */
export const MAX_STREAM_TOP = 1000;
/** Neighbours each side of the watched player in an `around:` view. */
export const STREAM_AROUND_RADIUS = 5;

export type StreamView = { kind: 'top'; n: number } | { kind: 'around'; playerId: string } | { kind: 'ids'; ids: string[] };

const TOP = /^top:(\d{1,4})$/;

/** `view=top:N | around:{playerId} | ids:a,b,c`; absent means top:10. */
export const streamViewSchema = z
  .string()
  .default('top:10')
  .transform((raw, ctx): StreamView => {
    const top = TOP.exec(raw);
    if (top) {
      const n = Number(top[1]);
      if (n >= 1 && n <= MAX_STREAM_TOP) return { kind: 'top', n };
    } else if (raw.startsWith('around:')) {
      const id = raw.slice('around:'.length);
      if (playerIdSchema.safeParse(id).success) return { kind: 'around', playerId: id };
    } else if (raw.startsWith('ids:')) {
      const ids = raw.slice('ids:'.length).split(',').filter((s) => s.length > 0);
      if (ids.length >= 1 && ids.length <= MAX_IDS && ids.every((id) => playerIdSchema.safeParse(id).success)) return { kind: 'ids', ids: [...new Set(ids)] };
    }
    ctx.addIssue({ code: 'custom', message: `must be top:N (1 to ${MAX_STREAM_TOP}), around:{playerId} or ids:a,b,c (1 to ${MAX_IDS} player ids)` });
    return z.NEVER;
  });

export const streamQuerySchema = z.object({
  view: streamViewSchema.meta({ description: 'What to watch: top:N (the top N, 1 to 1000), around:{playerId} (the player and 5 each side) or ids:a,b,c (up to 100 players). Default top:10.' }),
});

/** The view's players whose overtaking is reported. */
export function watchedPlayers(view: StreamView): string[] {
  return view.kind === 'around' ? [view.playerId] : view.kind === 'ids' ? view.ids : [];
}

export const liveEntrySchema = z
  .object({
    seq: z.number().int().min(1).meta({ description: "The board's version after this change; also the event's id (send it back as Last-Event-ID)." }),
    playerId: playerIdSchema,
    displayName: z.string().optional().meta({ description: "The metadata's displayName, when it has one." }),
    score: z.number().int(),
    rank: z.number().int().min(1).nullable().meta({ description: 'Position after the change (ordinal); null when the projection could not say.' }),
    previousRank: z.number().int().min(1).nullable().meta({ description: 'Position before the change; null for a new entry.' }),
    tier: z
      .string()
      .nullable()
      .optional()
      .meta({ description: "On a board with tiers: the entry's tier after the change, null when in none. Left out for a percentile tier when the projection could not say the position (docs/boards.md \"Tiers\")." }),
  })
  .meta({ id: 'LiveEntryEvent', description: 'Data of an `entry` event.' });
export type LiveEntry = z.infer<typeof liveEntrySchema>;

export const liveOvertakenSchema = z
  .object({
    seq: z.number().int().min(1),
    playerId: playerIdSchema.meta({ description: 'The watched player who was overtaken.' }),
    by: playerIdSchema,
    byDisplayName: z.string().optional(),
    rank: z.number().int().min(1).meta({ description: "The watched player's position now." }),
  })
  .meta({ id: 'LiveOvertakenEvent', description: 'Data of an `overtaken` event: a watched player was passed by another.' });
export type LiveOvertaken = z.infer<typeof liveOvertakenSchema>;

export const livePeriodSchema = z
  .object({ period: z.string(), previous: z.string() })
  .meta({ id: 'LivePeriodEvent', description: 'Data of a `period` event: the board rolled over to a new period; refetch.' });

export const liveResetSchema = z
  .object({ reason: z.enum(['behind', 'changed', 'deleted']) })
  .meta({ id: 'LiveResetEvent', description: 'Data of a `reset` event: the events missed are no longer retained (behind), the board changed without events (changed: an erasure or a rebuild), or it was deleted. Refetch.' });

/** What the origin answers the edge's pull (GET /internal/live/{board}): events after a version. */
export interface LiveBatch {
  period: string;
  /** The period's version now. */
  version: number;
  /** True when something changed between `after` and the first event that no event describes. */
  gap: boolean;
  events: (LiveEntry & { prev: number })[];
}

/**
 * The event of a write, as the origin's answer to the edge carries it (header `X-Live-Event`,
 * URI-encoded JSON; never passed on to clients): the period it belongs to, and the event with the
 * version before it (`prev`). The edge hands it to the board's object with the poke, which applies
 * it at once when it follows the last event it applied, and pulls otherwise (docs/live.md).
 */
export const LIVE_EVENT_HEADER = 'X-Live-Event';

export const livePokeSchema = z.object({
  period: z.string().min(1).max(16),
  event: liveEntrySchema.extend({ prev: z.number().int().min(0) }),
});
export type LivePoke = z.infer<typeof livePokeSchema>;

/** The header's value for a write's event. */
export function encodeLivePoke(poke: LivePoke): string {
  return encodeURIComponent(JSON.stringify(poke));
}

/** The write's event from the header, or null when absent or malformed (the object then pulls). */
export function decodeLivePoke(value: string | null): LivePoke | null {
  if (value === null) return null;
  try {
    const parsed = livePokeSchema.safeParse(JSON.parse(decodeURIComponent(value)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
