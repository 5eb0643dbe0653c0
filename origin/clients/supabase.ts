/** The supabase-js client, created once per execution environment and reused. */
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import ws from 'ws';
import { createHttpFetch } from './http-fetch.ts';

let client: SupabaseClient | undefined;

/** The shared client. Every request has a hard timeout, so a hung database becomes a clean 503. */
export function supabase(url: string, serviceRoleKey: string, timeoutMs: number): SupabaseClient {
  client ??= createClient(url, serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    // Node 20 has no global WebSocket; supabase-js needs a transport even though we never use realtime.
    realtime: { transport: ws as never },
    global: {
      fetch: createHttpFetch({ timeoutMs }),
    },
  });
  return client;
}
