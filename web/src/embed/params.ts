/** The widget's address: /embed/{board}?view=top:N&theme=light|dark. */
import { isBoardId } from '../../../core/ids.ts';

export const DEFAULT_TOP = 10;
export const MAX_TOP = 100;

export interface EmbedParams {
  board: string | null;
  top: number;
  theme: 'light' | 'dark' | null;
  /** Why the address was not understood, for the page to say; null when it was. */
  problem: string | null;
}

/** Reads the board from the path (or ?board=, for the bare embed.html in development), the view and the theme. */
export function parseEmbed(pathname: string, search: string): EmbedParams {
  const q = new URLSearchParams(search);
  const fromPath = /^\/embed\/([^/]+)\/?$/.exec(pathname)?.[1];
  let raw = q.get('board');
  try {
    if (fromPath) raw = decodeURIComponent(fromPath);
  } catch {
    raw = null;
  }
  const board = raw && isBoardId(raw) ? raw : null;
  const themeParam = q.get('theme');
  const theme = themeParam === 'light' || themeParam === 'dark' ? themeParam : null;
  const view = q.get('view') ?? `top:${DEFAULT_TOP}`;
  const m = /^top:(\d{1,3})$/.exec(view);
  const n = m ? Number(m[1]) : NaN;
  const top = n >= 1 && n <= MAX_TOP ? n : DEFAULT_TOP;
  let problem: string | null = null;
  if (!board) problem = 'This widget needs a board: /embed/{board}.';
  else if (!m || top !== n) problem = `Unknown view "${view}": use top:N with N from 1 to ${MAX_TOP}.`;
  return { board, top, theme, problem };
}
