/**
 * The looked-up player's cohort on a cohort board (docs/tournaments.md): the cohort's standings
 * (GET …/cohorts/{id}/entries), on a league board with its promotion zone (the top `promote`) and
 * demotion zone (the bottom `demote`) marked in words as well as colour, and a countdown to the
 * end of the period, when the league's tiers move. The zones are the close's (lb_league_close):
 * it ranks every member of the cohort, and those without a score come last, so they take the
 * demotion places first; the page's `members` and `unscored` say how many there are.
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

const ZONE_WORDS: Record<Exclude<Zone, null>, string> = { promote: 'Moves up', demote: 'Moves down' };

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

/** How many of the cohort's members have no score, and where the close puts them. */
export interface UnscoredZones {
  count: number;
  promote: number;
  demote: number;
  stay: number;
}

/**
 * The zones the close will apply (lb_league_close): it ranks all `members` of the cohort, the
 * `listed` members with a score first in their order, then the `unscored` ones, and moves the
 * top `promote` up and the bottom `demote` down (promotion winning where both apply). Returns the
 * zone of each listed entry and how many unscored members each zone takes. Without the counts
 * (the page could not say), the listed entries are taken as the whole cohort.
 */
export function closeZones(
  listed: number,
  counts: { members: number | null; unscored: number | null },
  league: { promote: number; demote: number } | null | undefined,
): { listed: Zone[]; unscored: UnscoredZones } {
  const unscored = counts.members === null || counts.unscored === null ? 0 : counts.unscored;
  // Read beside the entries, not with them: never fewer members than the two parts.
  const members = Math.max(counts.members ?? 0, listed + unscored);
  const out: UnscoredZones = { count: unscored, promote: 0, demote: 0, stay: 0 };
  for (let p = members - unscored + 1; p <= members; p++) {
    const zone = zoneOf(p, members, league);
    out[zone ?? 'stay']++;
  }
  return { listed: Array.from({ length: listed }, (_, i) => zoneOf(i + 1, members, league)), unscored: out };
}

const plural = (n: number, one: string, many: string) => `${formatInteger(n)} ${n === 1 ? one : many}`;

/** The zone words for the unscored members' row: as an entry's when the close treats them all alike, else counted. */
export function unscoredWords(u: UnscoredZones): string {
  if (u.promote === u.count) return ZONE_WORDS.promote;
  if (u.demote === u.count) return ZONE_WORDS.demote;
  if (u.stay === u.count) return '';
  return [u.promote ? `${formatInteger(u.promote)} move up` : '', u.demote ? `${formatInteger(u.demote)} move down` : '', u.stay ? `${formatInteger(u.stay)} stay` : '']
    .filter((w) => w)
    .join(', ');
}

/** When the standing is settled: the end of the current period, or the board's end when that comes first. */
export function cohortEndsAt(board: Pick<Board, 'nextResetAt' | 'endsAt'>): string | null {
  const ends = [board.nextResetAt, board.endsAt].filter((t): t is string => !!t).sort((a, b) => Date.parse(a) - Date.parse(b));
  return ends[0] ?? null;
}

export function cohortView(): { show: (board: Board | null, player: string | null) => void; refresh: () => void; tick: () => void } {
  const section = byId('cohort-section');
  const summary = byId('cohort-summary');
  const clock = byId<HTMLTimeElement>('cohort-ends');
  const legend = byId('cohort-legend');
  const table = byId<HTMLTableElement>('cohort-table');
  let board: Board | null = null;
  let player: string | null = null;
  let endsAt: string | null = null;

  /** The cohort's entries, and its member counts as its first page gives them. */
  async function cohortOf(b: Board, member: { cohortId: number }): Promise<{ entries: CohortPage['entries']; counts: Pick<CohortPage, 'members' | 'unscored'> }> {
    const entries: CohortPage['entries'] = [];
    let counts: Pick<CohortPage, 'members' | 'unscored'> = { members: null, unscored: null };
    let cursor: string | null = null;
    for (let i = 0; i < MAX_PAGES; i++) {
      const q: string = `?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await api.request<CohortPage>('GET', `/api/boards/${encodeURIComponent(b.id)}/cohorts/${member.cohortId}/entries${q}`)).body as CohortPage;
      if (i === 0) counts = { members: page.members ?? null, unscored: page.unscored ?? null };
      entries.push(...page.entries);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return { entries, counts };
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
    const { entries, counts } = await cohortOf(b, { cohortId: member.cohortId });
    if (board !== b || player !== id) return;
    const league = b.tournament?.league ?? null;
    const zones = closeZones(entries.length, counts, league);
    const unscored = zones.unscored;
    // Members without a score rank after every entry at the close: one row for them all, last.
    const unscoredZone: Zone = unscored.demote ? 'demote' : unscored.promote ? 'promote' : null;
    const unscoredRow = unscored.count
      ? [
          h(
            'tr',
            { class: `unscored${unscoredZone ? ` zone-${unscoredZone}` : ''}`, 'data-unscored': String(unscored.count), ...(unscoredZone ? { 'data-zone': unscoredZone } : {}) },
            h('th', { scope: 'row', class: 'num rank' }, '–'),
            h('td', { class: 'player' }, `${plural(unscored.count, 'member', 'members')} without a score`),
            h('td', { class: 'num score' }, ''),
            h('td', { class: 'zone' }, league ? unscoredWords(unscored) : ''),
          ),
        ]
      : [];
    table.tBodies[0]!.replaceChildren(
      ...entries.map((e, i) => {
        const zone = zones.listed[i] ?? null;
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
      ...unscoredRow,
    );
    const tier = member.tier ? `, tier ${member.tier}` : '';
    const scored = `${formatInteger(entries.length)} ${entries.length === 1 ? 'player has' : 'players have'} scored`;
    setText(summary, `${id} plays in cohort ${member.cohortId}${tier}: ${unscored.count ? `${scored}, ${plural(unscored.count, 'member has', 'members have')} not` : scored}.`);
    const first = unscored.demote ? ` ${plural(unscored.demote, 'member', 'members')} without a score will move down first.` : '';
    setText(
      legend,
      league
        ? `At the end of the period the top ${league.promote} of the cohort move up a tier and the bottom ${league.demote} move down; members without a score count as last.${first}`
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
