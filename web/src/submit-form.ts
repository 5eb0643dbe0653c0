/** The submit-score form: a bearer token from the reader, or in dev mode a minted demo player token. */
import { isScore } from '../../core/index.ts';
import { api, type Board } from './api.ts';
import { demoToken } from './dev-tokens.ts';
import { byId } from './dom.ts';
import { formatInteger, showScore } from './format.ts';
import { isPlayerId } from './player-ids.ts';

export interface SubmitForm {
  setBoard(board: Board | null): void;
}

/** Parses a typed score: an optional minus and digits, within ±(2^53−1). */
export function parseScore(text: string): number | null {
  const t = text.trim();
  if (!/^-?\d{1,16}$/.test(t)) return null;
  const n = Number(t);
  return isScore(n) ? n : null;
}

/** Wires the form; `devMode` shows the dev-only token help, `onSubmitted` refreshes the live views. */
export function submitForm(devMode: boolean, onSubmitted: () => void): SubmitForm {
  const form = byId<HTMLFormElement>('submit-form');
  const playerInput = byId<HTMLInputElement>('submit-player');
  const scoreInput = byId<HTMLInputElement>('submit-score');
  const tokenInput = byId<HTMLInputElement>('submit-token');
  const hint = byId('submit-hint');
  const status = byId('submit-status');
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
  let board: Board | null = null;

  byId('dev-notice').hidden = !devMode;

  const say = (text: string, kind: 'ok' | 'error' | '' = '') => {
    status.textContent = text;
    status.className = kind;
  };
  const invalid = (input: HTMLInputElement, bad: boolean) => (bad ? input.setAttribute('aria-invalid', 'true') : input.removeAttribute('aria-invalid'));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!board) return;
    const playerId = playerInput.value.trim();
    const score = parseScore(scoreInput.value);
    invalid(playerInput, !isPlayerId(playerId));
    invalid(scoreInput, score === null);
    if (!isPlayerId(playerId)) return say('Enter a player id: 1 to 128 letters, digits or _ . : @ -', 'error');
    if (score === null) return say('Enter a whole number between −9,007,199,254,740,991 and 9,007,199,254,740,991.', 'error');
    button.disabled = true;
    try {
      let token = tokenInput.value.trim();
      if (!token && devMode && board.writers === 'players') token = (await demoToken(playerId)).token;
      if (!token) return say('Enter a token that may submit to this board.', 'error');
      // The client gives each press of the button its own Idempotency-Key, so a retry applies it once.
      const result = await api.submit(board.id, { playerId, score }, { token });
      const e = result.entry;
      // A write's rank is null when the service could not tell it at once; the live views show it.
      const rank = e.rank === null ? '' : ` is #${formatInteger(e.rank)}`;
      say(
        result.updated
          ? `Saved: ${e.playerId}${rank} with ${showScore(e.score)}.`
          : `Not changed: ${e.playerId} keeps ${showScore(e.score)}${e.rank === null ? '' : ` (#${formatInteger(e.rank)})`}.`,
        'ok',
      );
      onSubmitted();
    } catch (err) {
      say(`Not saved: ${(err as Error).message}.`, 'error');
    } finally {
      button.disabled = false;
    }
  });

  return {
    setBoard(b) {
      board = b;
      button.disabled = !b;
      if (!b) return void (hint.textContent = '');
      hint.textContent =
        b.writers === 'players'
          ? devMode
            ? 'Players may submit their own scores here. Leave the token empty to use a demo player token for this player id.'
            : 'Players may submit their own scores here, with their sign-in token.'
          : 'Only game servers submit to this board: paste a server key to submit.';
    },
  };
}
