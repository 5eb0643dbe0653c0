/**
 * The principal wire protocol: who made a write, as the edge authenticated it, carried to the
 * origin in one signed header. The edge writes it (edge/origin-client.ts); the origin trusts it
 * only on a request whose SigV4 signature Lambda verified (origin/http/middleware.ts).
 */

/** Who made a write. */
export type Principal = { kind: 'admin' } | { kind: 'server'; keyId: string } | { kind: 'player'; playerId: string };

/** Header name that carries the authenticated principal from edge to origin, signed. */
export const PRINCIPAL_HEADER = 'x-lb-principal';

/** Serialises a principal for the signed header. */
export function formatPrincipal(p: Principal): string {
  return p.kind === 'admin' ? 'admin' : p.kind === 'server' ? `server:${p.keyId}` : `player:${p.playerId}`;
}

/** Parses the signed principal header; null when absent or malformed. */
export function parsePrincipal(value: string | undefined | null): Principal | null {
  if (!value) return null;
  if (value === 'admin') return { kind: 'admin' };
  const [kind, ...rest] = value.split(':');
  const id = rest.join(':');
  if (kind === 'server' && id) return { kind: 'server', keyId: id };
  if (kind === 'player' && id) return { kind: 'player', playerId: id };
  return null;
}
