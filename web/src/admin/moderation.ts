/** Moderation in the console: the actions in force on a board, set and lift, and the moderation audit (docs/moderation.md). */
import { byId, h, setText } from '../dom.ts';
import { adminApi } from './api.ts';
import { chosenBoard, failed, fillTable, report } from './outcome.ts';
import { when } from './reports.ts';

const status = byId('mod-status');
const actions = byId<HTMLTableElement>('mod-actions');
const audit = byId<HTMLTableElement>('mod-audit');
const result = byId('mod-result');
const player = byId<HTMLInputElement>('mod-player');
const action = byId<HTMLSelectElement>('mod-action');
const scope = byId<HTMLSelectElement>('mod-scope');
const reason = byId<HTMLInputElement>('mod-reason');

async function load(): Promise<void> {
  const board = chosenBoard(result);
  if (!board) return;
  try {
    const m = await adminApi.moderation(board);
    fillTable(
      actions,
      m.actions.map((a) => {
        const lift = h('button', { type: 'button', class: 'secondary', 'aria-label': `Lift ${a.action} on ${a.playerId}` }, 'Lift');
        lift.addEventListener('click', () => {
          player.value = a.playerId;
          action.value = a.action;
          scope.value = a.scope;
          reason.focus();
          report(result, '', `Give a reason, then choose Lift action to lift ${a.action} on ${a.playerId}.`);
        });
        return [a.playerId, a.action, a.scope === 'all' ? 'every board' : 'this board', a.reason, `${when(a.at)} by ${a.actor}`, lift];
      }),
    );
    fillTable(audit, m.audit.map((r) => [when(r.at), r.playerId, `${r.op} ${r.action}`, r.scope === 'all' ? 'every board' : 'this board', r.reason, r.actor]));
    setText(status, `${board}: ${m.actions.length} ${m.actions.length === 1 ? 'action' : 'actions'} in force, ${m.audit.length} audit records shown.`);
  } catch (err) {
    setText(status, '');
    failed(result, err);
  }
}
byId('mod-load').addEventListener('click', () => void load());

async function change(set: boolean): Promise<void> {
  const board = scope.value === 'all' ? null : chosenBoard(result);
  if (scope.value !== 'all' && !board) return;
  const id = player.value.trim();
  const why = reason.value.trim();
  for (const [el, bad] of [[player, !id], [reason, !why]] as const) {
    if (bad) el.setAttribute('aria-invalid', 'true');
    else el.removeAttribute('aria-invalid');
  }
  if (!id || !why) {
    report(result, 'error', 'Not sent: a player id and a reason are both needed.');
    (id ? reason : player).focus();
    return;
  }
  try {
    const r = await adminApi.moderate(set, board, id, { action: action.value, reason: why });
    const where = r.scope === 'all' ? 'every board' : board;
    report(result, 'ok', r.state === 'unchanged' ? `${id} had no ${r.action} on ${where}: nothing changed.` : `${r.state === 'set' ? 'Set' : 'Lifted'} ${r.action} on ${id}, ${where}.`);
    reason.value = '';
    if (chosenBoardQuiet()) await load();
  } catch (err) {
    failed(result, err);
  }
}

/** The chosen board, without asking for one. */
const chosenBoardQuiet = () => byId<HTMLSelectElement>('op-board').value || null;

byId('mod-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  void change(true);
});
byId('mod-lift').addEventListener('click', () => void change(false));
