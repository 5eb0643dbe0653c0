/**
 * The operator console (/admin): boards (create, edit, delete), player erasure and health, and through
 * the modules it loads, a board's operations (./operations.ts), moderation (./moderation.ts), audit log,
 * archives and webhook deliveries (./history.ts); all through the public API. The admin key is held
 * in memory for this page only (./api.ts), never stored.
 */
import type { Board } from '../api.ts';
import { byId, h, setText } from '../dom.ts';
import { formatInteger } from '../format.ts';
import { adminApi, AdminFailure, describeFailure, fieldErrors, hasKey, setKey } from './api.ts';
import { boardBody, lockedChanges, valuesOf, type BoardFormValues } from './board-form.ts';
import { failed, report } from './outcome.ts';
import './operations.ts';
import './moderation.ts';
import './history.ts';

let boards: Board[] = [];
/** The board being edited, or null while creating one. */
let editing: Board | null = null;

const keyInput = byId<HTMLInputElement>('admin-key');
const keyStatus = byId('key-status');
const forget = byId<HTMLButtonElement>('forget-key');

byId<HTMLFormElement>('key-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  setKey(keyInput.value);
  keyInput.value = '';
  forget.hidden = !hasKey();
  setText(keyStatus, hasKey() ? 'A key is held in this tab’s memory until you forget it or leave the page. It is checked by the first action you take.' : 'No key yet.');
});
forget.addEventListener('click', () => {
  setKey(null);
  forget.hidden = true;
  setText(keyStatus, 'The key is forgotten.');
  keyInput.focus();
});

// Boards

const table = byId<HTMLTableElement>('boards');
const boardsStatus = byId('boards-status');

function rulesOf(b: Board): string {
  const bounds = b.minScore !== null || b.maxScore !== null ? ` · scores ${b.minScore ?? '−∞'} to ${b.maxScore ?? '∞'}` : '';
  return `${b.sort} · ${b.operator} · resets ${b.reset} · ${b.writers} write · cache ${b.cacheSeconds} s${bounds}`;
}

function renderBoards(): void {
  boards.sort((a, b) => a.id.localeCompare(b.id));
  table.tBodies[0]!.replaceChildren(
    ...boards.map((b) => {
      const edit = h('button', { type: 'button', class: 'secondary', 'aria-label': `Edit ${b.id}` }, 'Edit');
      edit.addEventListener('click', () => startEdit(b));
      const del = h('button', { type: 'button', class: 'danger', 'aria-label': `Delete ${b.id}` }, 'Delete');
      del.addEventListener('click', () => {
        byId<HTMLInputElement>('del-board').value = b.id;
        byId<HTMLInputElement>('del-confirm').value = '';
        byId('del-confirm').focus();
      });
      return h(
        'tr',
        { 'data-board': b.id },
        h('th', { scope: 'row' }, h('span', { class: 'name' }, b.name), h('span', { class: 'pid' }, b.id)),
        h('td', { class: 'rules' }, rulesOf(b)),
        h('td', { class: 'num' }, formatInteger(b.entries)),
        h('td', { class: 'row-actions' }, edit, del),
      );
    }),
  );
  table.hidden = boards.length === 0;
  fillBoardPicker();
  setText(boardsStatus, boards.length ? `${boards.length} boards. Entries count the current period.` : 'There are no boards yet.');
  refreshCli();
}

/** The board the operations act on: kept across reloads while it exists. */
function fillBoardPicker(): void {
  const picker = byId<HTMLSelectElement>('op-board');
  const chosen = picker.value;
  picker.replaceChildren(h('option', { value: '' }, 'Choose a board'), ...boards.map((b) => h('option', { value: b.id }, b.name === b.id ? b.id : `${b.name} (${b.id})`)));
  picker.value = boards.some((b) => b.id === chosen) ? chosen : '';
}

async function loadBoards(): Promise<void> {
  try {
    boards = (await adminApi.boards()).boards;
    renderBoards();
  } catch (err) {
    setText(boardsStatus, `Could not load the boards: ${describeFailure(err)}`);
  }
}
byId('reload-boards').addEventListener('click', () => void loadBoards());

// The board form: create or edit

const form = byId<HTMLFormElement>('board-form');
const formHeading = byId('form-heading');
const formResult = byId('form-result');
const submitButton = byId<HTMLButtonElement>('bf-submit');
const rulesWarning = byId('rules-warning');
const FIELDS: Record<keyof BoardFormValues, string> = { id: 'bf-id', name: 'bf-name', sort: 'bf-sort', operator: 'bf-operator', reset: 'bf-reset', schedule: 'bf-schedule', writers: 'bf-writers', minScore: 'bf-min', maxScore: 'bf-max', cacheSeconds: 'bf-cache', source: 'bf-source' };
const field = (k: keyof BoardFormValues) => byId<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(FIELDS[k]);

function readForm(): BoardFormValues {
  return Object.fromEntries(Object.keys(FIELDS).map((k) => [k, field(k as keyof BoardFormValues).value])) as unknown as BoardFormValues;
}

function markInvalid(errors: Record<string, string>): void {
  for (const k of Object.keys(FIELDS) as (keyof BoardFormValues)[]) {
    if (errors[k]) field(k).setAttribute('aria-invalid', 'true');
    else field(k).removeAttribute('aria-invalid');
  }
}

/** The API's field errors, with a refused schedule shown on the schedule field. */
function formErrors(err: AdminFailure): Record<string, string> {
  const errors = fieldErrors(err);
  if (errors.reset && field('reset').value === 'schedule') errors.schedule = errors.reset;
  return errors;
}

/** Warns, before saving, when an edit changes a rule that the board's entries lock. */
function checkLocked(): void {
  const changed = editing ? lockedChanges(editing, readForm()) : [];
  rulesWarning.hidden = !editing || editing.entries === 0;
  if (!editing || editing.entries === 0) return;
  rulesWarning.textContent = changed.length
    ? `This board has ${formatInteger(editing.entries)} entries in its current period, so changing ${changed.join(', ')} will be refused (409).`
    : `This board has ${formatInteger(editing.entries)} entries in its current period: its sort, operator and reset are fixed.`;
}
for (const k of ['sort', 'operator', 'reset', 'schedule'] as const) field(k).addEventListener('change', checkLocked);

/** The schedule field shows while the reset is a schedule. */
function showSchedule(): void {
  byId('bf-schedule-row').hidden = field('reset').value !== 'schedule';
}
field('reset').addEventListener('change', showSchedule);

function startCreate(): void {
  editing = null;
  form.reset();
  field('id').removeAttribute('readonly');
  markInvalid({});
  showSchedule();
  formHeading.textContent = 'New board';
  submitButton.textContent = 'Create board';
  checkLocked();
  report(formResult, '', '');
}

function startEdit(b: Board): void {
  editing = b;
  const values = valuesOf(b);
  for (const k of Object.keys(FIELDS) as (keyof BoardFormValues)[]) field(k).value = values[k];
  field('id').setAttribute('readonly', '');
  markInvalid({});
  showSchedule();
  formHeading.textContent = `Edit ${b.id}`;
  submitButton.textContent = 'Save changes';
  checkLocked();
  report(formResult, '', '');
  field('name').focus();
}

byId('new-board').addEventListener('click', () => {
  startCreate();
  field('id').focus();
});
byId('bf-cancel').addEventListener('click', startCreate);

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const parsed = boardBody(readForm());
  if (!parsed.ok) {
    markInvalid(parsed.errors);
    report(formResult, 'error', `Not sent: ${Object.entries(parsed.errors).map(([k, v]) => `${k} ${v}`).join('; ')}.`);
    const first = Object.keys(parsed.errors)[0] as keyof BoardFormValues;
    field(first).focus();
    return;
  }
  markInvalid({});
  submitButton.disabled = true;
  try {
    const saved = await adminApi.putBoard(parsed.id, parsed.body);
    boards = [...boards.filter((b) => b.id !== saved.id), saved];
    renderBoards();
    startEdit(saved);
    report(formResult, 'ok', `Saved ${saved.id}: ${rulesOf(saved)}.`);
  } catch (err) {
    if (err instanceof AdminFailure) markInvalid(formErrors(err));
    failed(formResult, err);
    if (err instanceof AdminFailure && err.status === 409) formResult.append(h('span', { class: 'rule-note' }, ' The board is unchanged. Sort, operator and reset are fixed once a board has entries, and bounds must hold every existing score.'));
  } finally {
    submitButton.disabled = false;
  }
});

// Delete a board

const deleteForm = byId<HTMLFormElement>('delete-form');
const deleteResult = byId('delete-result');
deleteForm.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const board = byId<HTMLInputElement>('del-board').value.trim();
  const confirm = byId<HTMLInputElement>('del-confirm');
  if (!board || confirm.value.trim() !== board) {
    confirm.setAttribute('aria-invalid', 'true');
    report(deleteResult, 'error', 'Type the same board id in both fields to confirm.');
    confirm.focus();
    return;
  }
  confirm.removeAttribute('aria-invalid');
  try {
    await adminApi.deleteBoard(board);
    boards = boards.filter((b) => b.id !== board);
    renderBoards();
    if (editing?.id === board) startCreate();
    deleteForm.reset();
    report(deleteResult, 'ok', `Deleted ${board} and all its periods.`);
  } catch (err) {
    failed(deleteResult, err);
  }
});

// Erase a player

const eraseForm = byId<HTMLFormElement>('erase-form');
const eraseResult = byId('erase-result');
eraseForm.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const board = byId<HTMLInputElement>('erase-board').value.trim();
  const player = byId<HTMLInputElement>('erase-player').value.trim();
  const confirm = byId<HTMLInputElement>('erase-confirm');
  if (!board || !player || confirm.value.trim() !== player) {
    confirm.setAttribute('aria-invalid', 'true');
    report(eraseResult, 'error', 'Type the same player id in both fields to confirm.');
    confirm.focus();
    return;
  }
  confirm.removeAttribute('aria-invalid');
  try {
    await adminApi.erasePlayer(board, player);
    const cache = boards.find((b) => b.id === board)?.cacheSeconds;
    eraseForm.reset();
    report(eraseResult, 'ok', `Erased ${player} from every period of ${board}. Other edge locations drop their copies within the board's cache time${cache ? ` (${cache} s)` : ''}.`);
  } catch (err) {
    failed(eraseResult, err);
  }
});

// Health and the maintenance commands

const healthList = byId('health');
async function checkHealth(): Promise<void> {
  let health: Record<string, unknown>;
  try {
    health = await adminApi.health();
  } catch (err) {
    // 503 still carries the per-part status in its body; anything else is shown as it is.
    health = { status: describeFailure(err) };
  }
  healthList.replaceChildren(
    ...Object.entries(health)
      .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
      .flatMap(([k, v]) => [h('dt', {}, k), h('dd', { class: v === 'ok' ? 'ok' : '' }, String(v))]),
  );
}
byId('check-health').addEventListener('click', () => void checkHealth());

/** The admin CLI commands for the board being edited (or a placeholder). */
function refreshCli(): void {
  const b = editing?.id ?? boards[0]?.id ?? 'BOARD';
  byId('cli').firstElementChild!.textContent = [
    `# every board, its current period, entries and source status`,
    `npm run admin -- boards`,
    `# verify or rebuild every period of a board (the task function has 120 s)`,
    `npm run admin -- verify --board ${b} --all-periods`,
    `npm run admin -- rebuild --board ${b} --all-periods`,
    `# sync every board's source, with retries`,
    `npm run admin -- sync-sources`,
  ].join('\n');
}

startCreate();
refreshCli();
void loadBoards();
void checkHealth();
