/**
 * Display names (docs/moderation.md "Display names"): what a player is shown as instead of
 * their id. A name is NFKC-normalised (so look-alike compatibility forms, full-width letters and
 * ligatures become one spelling), trimmed, 1 to 32 characters (code points) after that, and
 * holds no control characters, no bidirectional overrides or isolates (which reorder the text
 * around a name) and no unpaired surrogates.
 */
import * as z from 'zod';

export const DISPLAY_NAME_MAX = 32;

// C0, DEL, C1 controls; line and paragraph separators; bidi embeddings, overrides and isolates.
// eslint-disable-next-line no-control-regex
const REFUSED = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

// In a `u` regex, a surrogate pair is one code point: only an unpaired surrogate matches.
const LONE_SURROGATE = /[\ud800-\udfff]/u;

export type NameCheck = { ok: true; name: string } | { ok: false; reason: string };

/** Normalises a display name, or says why it is refused. */
export function normalizeDisplayName(raw: string): NameCheck {
  if (LONE_SURROGATE.test(raw)) return { ok: false, reason: 'must not contain unpaired surrogates' };
  const name = raw.normalize('NFKC').trim();
  if (REFUSED.test(name)) return { ok: false, reason: 'must not contain control characters' };
  const length = [...name].length;
  if (length === 0) return { ok: false, reason: 'must not be empty' };
  if (length > DISPLAY_NAME_MAX) return { ok: false, reason: `must be at most ${DISPLAY_NAME_MAX} characters` };
  return { ok: true, name };
}

/** A display name as a request gives it; parses to the normalised name. */
export const displayNameSchema = z
  .string()
  .max(1024, 'must be at most 32 characters')
  .transform((raw, ctx) => {
    const out = normalizeDisplayName(raw);
    if (out.ok) return out.name;
    ctx.addIssue({ code: 'custom', message: out.reason });
    return z.NEVER;
  });

/** The body of PUT /api/players/{playerId}/profile. */
export const profileRequestSchema = z
  .object({ displayName: displayNameSchema.meta({ description: 'Up to 32 characters after NFKC normalisation and trimming; no control characters.' }) })
  .strict()
  .meta({ id: 'ProfileRequest' });

/** A player's profile. */
export const profileSchema = z
  .object({ playerId: z.string(), displayName: z.string() })
  .meta({ id: 'Profile' });
export type Profile = z.infer<typeof profileSchema>;
