/** Verify and rebuild with their reports, and a board's source status and sync now (docs/operations.md#operations-over-http). */
import { byId, h } from '../dom.ts';
import { adminApi, type PeriodsOption } from './api.ts';
import { chosenBoard, failed, fillTable, report } from './outcome.ts';
import { rebuildSummary, syncSummary, verifyRows, verifySummary, when } from './reports.ts';

const result = byId('op-result');
const table = byId<HTMLTableElement>('op-report');
const period = byId<HTMLInputElement>('op-period');
const all = byId<HTMLInputElement>('op-all');
const buttons = [byId<HTMLButtonElement>('op-verify'), byId<HTMLButtonElement>('op-rebuild')];

all.addEventListener('change', () => {
  period.disabled = all.checked;
});

function options(): PeriodsOption {
  if (all.checked) return { allPeriods: true };
  const p = period.value.trim();
  return p ? { period: p } : {};
}

/** Runs verify or rebuild on the chosen board, with the buttons off meanwhile. */
async function run(kind: 'verify' | 'rebuild'): Promise<void> {
  const board = chosenBoard(result);
  if (!board) return;
  for (const b of buttons) b.disabled = true;
  report(result, '', kind === 'verify' ? `Verifying ${board}…` : `Rebuilding ${board}…`);
  table.hidden = true;
  try {
    if (kind === 'verify') {
      const out = await adminApi.verify(board, options());
      report(result, out.differences === 0 ? 'ok' : 'error', verifySummary(board, out));
      fillTable(table, verifyRows(out));
    } else {
      report(result, 'ok', rebuildSummary(board, await adminApi.rebuild(board, options())));
    }
  } catch (err) {
    failed(result, err);
  } finally {
    for (const b of buttons) b.disabled = false;
  }
}

byId('verify-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  void run('verify');
});
byId('op-rebuild').addEventListener('click', () => void run('rebuild'));

// Source

const sourceResult = byId('source-result');
const sourceStatus = byId('source-status');

async function showSource(): Promise<void> {
  const board = chosenBoard(sourceResult);
  if (!board) return;
  try {
    const s = await adminApi.source(board);
    const status = s.status;
    const rows: [string, string][] = s.source
      ? [
          ['URL', s.source.url],
          ['Last sync', status ? `${when(status.at)}: ${status.ok ? 'ok' : `failed (${status.error ?? 'unknown error'})`}` : 'not synced yet'],
          ...(status ? ([['Rows', `${status.rows} read, ${status.applied} applied, ${status.unchanged} unchanged, ${status.skipped} skipped`]] as [string, string][]) : []),
        ]
      : [['Source', 'none: this board has no source (set one in the board form)']];
    sourceStatus.replaceChildren(...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
    report(sourceResult, '', '');
  } catch (err) {
    failed(sourceResult, err);
  }
}
byId('source-show').addEventListener('click', () => void showSource());

byId('source-sync').addEventListener('click', async () => {
  const board = chosenBoard(sourceResult);
  if (!board) return;
  report(sourceResult, '', `Syncing ${board}…`);
  try {
    const r = await adminApi.sync(board);
    report(sourceResult, r.ok ? 'ok' : 'error', syncSummary(r));
    await showSource();
    report(sourceResult, r.ok ? 'ok' : 'error', syncSummary(r));
  } catch (err) {
    failed(sourceResult, err);
  }
});
