/**
 * Dev-only demo player tokens. The local edge exposes /api/dev/* only in dev mode (DEV_MODE on a
 * loopback host); it signs the token itself, so the JWT secret never reaches the browser. Tokens are
 * kept in memory only, per player, until shortly before they expire.
 */
import { api, LeaderboardError } from './api.ts';

interface MintedToken { token: string; playerId: string; expiresAt: string }

const tokens = new Map<string, MintedToken>();

/** True when the edge serving this page is a local dev stack. */
export async function isDevMode(): Promise<boolean> {
  try {
    return (await api.request<{ devMode?: boolean }>('GET', '/api/dev')).body?.devMode === true;
  } catch (err) {
    if (err instanceof LeaderboardError && err.status === 404) return false;
    throw err;
  }
}

/** A demo token for `playerId`, minted by the local edge (reused while it has a minute left). */
export async function demoToken(playerId: string): Promise<MintedToken> {
  const held = tokens.get(playerId);
  if (held && Date.parse(held.expiresAt) - Date.now() > 60_000) return held;
  const minted = (await api.request<MintedToken>('POST', '/api/dev/token', { body: { playerId }, token: null })).body!;
  tokens.set(playerId, minted);
  return minted;
}
