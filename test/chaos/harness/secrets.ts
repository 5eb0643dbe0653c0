/** The stack's secrets, which must never appear in a response, an error or a log line. */
import { LOCAL_SUPABASE } from '../../../dev/local-config.ts';

/** Every secret value of the running stack, by name. */
export function stackSecrets(devVars: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (name: string, value: string | undefined) => {
    if (value && value.length >= 6) out[name] = value;
  };
  add('ADMIN_API_KEY', devVars.ADMIN_API_KEY);
  for (const [i, k] of (devVars.SERVER_API_KEYS ?? '').split(',').map((s) => s.trim()).entries()) add(`SERVER_API_KEYS[${i}]`, k);
  add('SUPABASE_JWT_SECRET', devVars.SUPABASE_JWT_SECRET);
  add('AWS_SECRET_ACCESS_KEY', devVars.AWS_SECRET_ACCESS_KEY);
  add('AWS_SESSION_TOKEN', devVars.AWS_SESSION_TOKEN);
  add('SUPABASE_SERVICE_ROLE_KEY', LOCAL_SUPABASE.serviceRoleKey);
  return out;
}

/** Names of the secrets that occur in `text`. */
export const leaked = (secrets: Record<string, string>, text: string) => Object.entries(secrets).filter(([, v]) => text.includes(v)).map(([k]) => k);
