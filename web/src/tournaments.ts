/** The tournament list (GET /api/tournaments): running and upcoming tournaments, each with a countdown to its end or start. */
import type { Tournament, TournamentList } from '../../core/index.ts';
import { api } from './api.ts';
import { byId, h, setText } from './dom.ts';
import { formatCountdown, formatDateTime } from './format.ts';

/** What a tournament's countdown counts to, in words: the end of a running one, the start of an upcoming one. */
export function countdownOf(t: Pick<Tournament, 'state' | 'startsAt' | 'endsAt'>): { label: string; at: string } | null {
  if (t.state === 'upcoming' && t.startsAt) return { label: 'starts in', at: t.startsAt };
  if (t.state === 'active' && t.endsAt) return { label: 'ends in', at: t.endsAt };
  return null;
}

/** One line of a tournament's rules and players, e.g. "12 / 100 players · 3 attempts · cohorts of 50". */
export function rulesLine(t: Pick<Tournament, 'joined' | 'rules'>): string {
  const parts = [t.rules.maxSize ? `${t.joined} / ${t.rules.maxSize} players` : `${t.joined} players`];
  if (t.rules.joinRequired) parts.push('join to play');
  if (t.rules.maxAttempts) parts.push(`${t.rules.maxAttempts} attempt${t.rules.maxAttempts === 1 ? '' : 's'}`);
  if (t.rules.cohortSize) parts.push(`cohorts of ${t.rules.cohortSize}`);
  if (t.rules.league) parts.push(`league of ${t.rules.league.tiers} tiers`);
  return parts.join(' · ');
}

/** Fills #tournaments with the running and upcoming tournaments; `tick` advances their countdowns. */
export function tournamentList(onPick: (board: string) => void): { load: () => Promise<void>; tick: () => void } {
  const list = byId<HTMLUListElement>('tournaments');
  const status = byId('tournaments-status');
  const clocks: { el: HTMLTimeElement; at: string }[] = [];

  async function load(): Promise<void> {
    const [active, upcoming] = await Promise.all([
      api.request<TournamentList>('GET', '/api/tournaments?state=active&limit=10').then((a) => a.body as TournamentList),
      api.request<TournamentList>('GET', '/api/tournaments?state=upcoming&limit=10').then((a) => a.body as TournamentList),
    ]);
    const all = [...active.tournaments, ...upcoming.tournaments];
    clocks.length = 0;
    list.replaceChildren(
      ...all.map((t) => {
        const pick = h('button', { type: 'button', class: 'link' }, t.name);
        pick.addEventListener('click', () => onPick(t.id));
        const item = h('li', {}, pick, ' ', h('span', { class: 'muted' }, rulesLine(t)));
        const due = countdownOf(t);
        if (due) {
          const el = h('time', { datetime: due.at, title: formatDateTime(due.at) }, formatCountdown(due.at));
          clocks.push({ el, at: due.at });
          item.append(' ', h('span', {}, `${due.label} `, el));
        }
        return item;
      }),
    );
    list.hidden = all.length === 0;
    setText(status, all.length === 0 ? 'No tournament is running or coming up.' : '');
  }

  return {
    load: () => load().catch(() => setText(status, 'Could not load the tournaments.')),
    tick: () => clocks.forEach((c) => setText(c.el, formatCountdown(c.at))),
  };
}
