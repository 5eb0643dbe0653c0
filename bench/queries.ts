/** The four read questions of the read cases, and the random inputs they are asked with. */
import { playerId, prng } from './seed.ts';

export const QUERIES = ['top10', 'rank', 'around', 'friends'] as const;
export type Query = (typeof QUERIES)[number];

export const FRIENDS = 50;
export const RADIUS = 5;

export interface Ask {
  query: Query;
  /** One player (rank, around) or a friends list. */
  players: string[];
}

/** An endless stream of questions about a board of `players`, players drawn uniformly (so uniformly over ranks). */
export function asker(players: number, seed: number): (query: Query) => Ask {
  const random = prng(seed);
  const pick = () => playerId(Math.floor(random() * players));
  return (query) => {
    if (query === 'top10') return { query, players: [] };
    if (query !== 'friends') return { query, players: [pick()] };
    const set = new Set<string>();
    while (set.size < Math.min(FRIENDS, players)) set.add(pick());
    return { query, players: [...set] };
  };
}

/** The origin path that answers a question. */
export function originPath(board: string, a: Ask): string {
  switch (a.query) {
    case 'top10':
      return `/api/boards/${board}/entries?limit=10`;
    case 'rank':
      return `/api/boards/${board}/players/${a.players[0]}`;
    case 'around':
      return `/api/boards/${board}/players/${a.players[0]}/around?radius=${RADIUS}`;
    case 'friends':
      return `/api/boards/${board}/players?ids=${a.players.join(',')}`;
  }
}
