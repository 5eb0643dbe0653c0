/**
 * The looked-up player's cohort on a cohort board (docs/tournaments.md): the cohort's standings
 * (GET …/cohorts/{id}/entries), on a league board with its promotion zone (the top `promote`) and
 * demotion zone (the bottom `demote`) marked in words as well as colour, and a countdown to the
 * end of the period, when the league's tiers move.
 */
import type { CohortPage } from '../../core/index.ts';
import { api, type Board, type PlayerView } from './api.ts';
import { byId, h, setText } from './dom.ts';
import { playerLabel } from './entries-table.ts';
import { formatCountdown, formatDateTime, formatInteger, showScore } from './format.ts';

/** Cohorts hold at most 1000 players: ten pages of the largest limit. */
const PAGE = 100;
const MAX_PAGES = 10;

export type Zone = 'promote' | 'demote' | null;

/**
 * The zone of the entry at `position` (1-based) of `total` listed: the top `promote` move up, the
 * bottom `demote` down; where both apply (a small cohort), promotion wins, as at the close.
 */
export function zoneOf(position: number, total: number, league: { promote: number; demote: number } | null | undefined): Zone {
  if (!league) return null;
  if (position <= league.promote) return 'promote';
  if (position > total - league.demote) return 'demote';
  return null;
}

/** When the standing is settled: the end of the current period, or the board's end when that comes first. */
export function cohortEndsAt(board: Pick<Board, 'nextResetAt' | 'endsAt'>): string | null {
  const ends = [board.nextResetAt, board.endsAt].filter((t): t is string => !!t).sort((a, b) => Date.parse(a) - Date.parse(b));
  return ends[0] ?? null;
}

const ZONE_WORDS: Record<Exclude<Zone, null>, string> = { promote: 'Moves up', demote: 'Moves down' };

export function cohortView(): { show: (board: Board | null, player: string | null) => void; refresh: () => void; tick: () => void } {
  const section = byId('cohort-section');
  const summary = byId('cohort-summary');
  const clock = byId<HTMLTimeElement>('cohort-ends');
  const legend = byId('cohort-legend');
  const table = byId<HTMLTableElement>('cohort-table');
  let board: Board | null = null;
  let player: string | null = null;
  let endsAt: string | null = null;

  async function cohortOf(b: Board, member: { cohortId: number }): Promise<CohortPage['entries']> {
    const entries: CohortPage['entries'] = [];
    let cursor: string | null = null;
    for (let i = 0; i < MAX_PAGES; i++) {
      const q: string = `?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await api.request<CohortPage>('GET', `/api/boards/${encodeURIComponent(b.id)}/cohorts/${member.cohortId}/entries${q}`)).body as CohortPage;
      entries.push(...page.entries);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return entries;
  }

  async function load(b: Board, id: string): Promise<void> {
    const view: PlayerView | null = await api.player(b.id, id).catch(() => null);
    const member = view?.member;
    if (board !== b || player !== id) return;
    if (!member?.cohortId) {
      // Not placed in a cohort (or no entry): nothing to show.
      section.hidden = true;
      return;
    }
    const entries = await cohortOf(b, { cohortId: member.cohortId });
    if (board !== b || player !== id) return;
    const league = b.tournament?.league ?? null;
    table.tBodies[0]!.replaceChildren(
      ...entries.map((e, i) => {
        const zone = zoneOf(i + 1, entries.length, league);
        const row = h('tr', { 'data-player': e.playerId, ...(zone ? { class: `zone-${zone}`, 'data-zone': zone } : {}) });
        if (e.playerId === id) row.setAttribute('aria-current', 'true');
        row.append(
          h('th', { scope: 'row', class: 'num rank' }, formatInteger(e.rank)),
          h('td', { class: 'player' }, ...playerLabel(e)),
          h('td', { class: 'num score' }, showScore(e.score)),
          h('td', { class: 'zone' }, zone ? ZONE_WORDS[zone] : ''),
        );
        return row;
      }),
    );
    const tier = member.tier ? `, tier ${member.tier}` : '';
    setText(summary, `${id} plays in cohort ${member.cohortId}${tier}: ${entries.length} ${entries.length === 1 ? 'player has' : 'players have'} scored.`);
    setText(
      legend,
      league
        ? `At the end of the period the top ${league.promote} of the cohort move up a tier and the bottom ${league.demote} move down; players without a score count as last.`
        : 'Ranks here are inside the cohort.',
    );
    endsAt = cohortEndsAt(b);
    clock.parentElement!.hidden = endsAt === null;
    if (endsAt) {
      clock.dateTime = endsAt;
      clock.title = formatDateTime(endsAt);
      setText(clock, formatCountdown(endsAt));
    }
    section.hidden = false;
    section.dataset.cohort = String(member.cohortId);
  }

  const reload = () => {
    if (board?.tournament?.cohortSize && player) void load(board, player).catch(() => undefined);
  };

  return {
    show(b, id) {
      board = b;
      player = id;
      section.hidden = true;
      delete section.dataset.cohort;
      reload();
    },
    refresh: reload,
    tick: () => {
      if (endsAt && !section.hidden) setText(clock, formatCountdown(endsAt));
    },
  };
}
