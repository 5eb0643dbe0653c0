/** A live top list: conditional polling (ETag / 304) of the edge-cached view, paused when hidden. */
interface Entry { rank: number; playerId: string; score: number; achievedAt: string }
interface Page { board: string; period: string; total: number; entries: Entry[]; nextCursor: string | null }

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const select = $<HTMLSelectElement>('board');
const tbody = $('top').querySelector('tbody')!;
const statusLine = $('status');
const numbers = new Intl.NumberFormat();
const cursors: (string | null)[] = [null];
let pageIndex = 0;
let etag: string | null = null;
let last = new Map<string, number>();

async function loadBoards(): Promise<void> {
  const res = await fetch('/api/boards');
  const { boards } = (await res.json()) as { boards: { id: string; name: string }[] };
  select.replaceChildren(...boards.map((b) => new Option(b.name, b.id)));
  const wanted = new URLSearchParams(location.search).get('board');
  if (wanted && boards.some((b) => b.id === wanted)) select.value = wanted;
}

function render(page: Page): void {
  $('period').textContent = `Period ${page.period} · ${numbers.format(page.total)} players`;
  const rows = page.entries.map((e) => {
    const tr = document.createElement('tr');
    if (last.size && last.get(e.playerId) !== e.score) tr.className = 'changed';
    for (const [text, cls] of [[String(e.rank), ''], [e.playerId, ''], [numbers.format(e.score), 'num'], [new Date(e.achievedAt).toLocaleString(), '']] as const) {
      const td = document.createElement('td');
      td.textContent = text;
      if (cls) td.className = cls;
      tr.append(td);
    }
    return tr;
  });
  last = new Map(page.entries.map((e) => [e.playerId, e.score]));
  tbody.replaceChildren(...rows);
  statusLine.textContent = page.entries.length ? '' : 'No scores yet.';
  $<HTMLButtonElement>('prev').disabled = pageIndex === 0;
  $<HTMLButtonElement>('next').disabled = !page.nextCursor;
  cursors[pageIndex + 1] = page.nextCursor;
}

async function refresh(): Promise<void> {
  const cursor = cursors[pageIndex];
  const url = `/api/boards/${encodeURIComponent(select.value)}/entries?limit=10${cursor ? `&cursor=${cursor}` : ''}`;
  try {
    const res = await fetch(url, { headers: etag ? { 'If-None-Match': etag } : {} });
    if (res.status === 304) return;
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    etag = res.headers.get('etag');
    render((await res.json()) as Page);
    if (res.headers.get('x-cache') === 'STALE') statusLine.textContent = 'Showing cached data; live updates resume shortly.';
  } catch {
    statusLine.textContent = 'The leaderboard is unavailable right now. Retrying…';
  }
}

function go(delta: number): void {
  pageIndex = Math.max(0, pageIndex + delta);
  etag = null;
  last = new Map();
  void refresh();
}

$('prev').addEventListener('click', () => go(-1));
$('next').addEventListener('click', () => go(1));
select.addEventListener('change', () => { pageIndex = 0; cursors.length = 1; go(0); });

await loadBoards();
await refresh();
setInterval(() => { if (!document.hidden) void refresh(); }, 1000);
document.addEventListener('visibilitychange', () => { if (!document.hidden) void refresh(); });
export {};
