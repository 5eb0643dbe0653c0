/** Embedded Postgres (PGlite, WASM) behind the {@link Sql} interface. */
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Transaction } from '@electric-sql/pglite';
import type { Sql, SqlTx } from './sql.ts';

const keepText = (value: string): string => value;
// int8, numeric and their arrays stay text (PGlite would otherwise make numbers of them).
const PARSERS = { 20: keepText, 1700: keepText, 1016: parseTextArray, 1231: parseTextArray };

/**
 * Opens PGlite in memory (no dataDir) or persisted in `dataDir`; call close() to unlock the dir.
 * PGlite itself does not stop two processes from opening one dir (which corrupts it), so a
 * lock file holding our pid guards it; a lock left by a dead process is taken over. PGlite
 * recovers from a killed process like Postgres does (committed data survives).
 */
export async function openPglite(opts: { dataDir?: string } = {}): Promise<Sql> {
  const lock = opts.dataDir === undefined ? null : join(opts.dataDir, LOCK_FILE);
  if (opts.dataDir !== undefined && lock) {
    await mkdir(opts.dataDir, { recursive: true });
    await takeLock(lock);
  }
  let db: PGlite;
  try {
    db = await PGlite.create({ dataDir: opts.dataDir, parsers: PARSERS });
  } catch (err) {
    if (lock) await unlink(lock).catch(() => {});
    throw err;
  }
  const wrap = (q: PGlite | Transaction): SqlTx => ({
    async query<T>(text: string, params?: unknown[]): Promise<T[]> {
      return (await q.query<T>(text, params as unknown[] | undefined)).rows;
    },
    async exec(script: string): Promise<void> {
      await q.exec(script);
    },
  });
  const base = wrap(db);
  return {
    kind: 'pglite',
    query: base.query,
    exec: base.exec,
    // PGlite's own transaction() holds its mutex for the whole callback, so concurrent
    // callers (and plain queries) are serialized instead of interleaving on its single session.
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: async () => {
      if (!db.closed) await db.close();
      if (lock) await unlink(lock).catch(() => {});
    },
  };
}

const LOCK_FILE = '.pglite.lock';

async function takeLock(path: string): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(path, String(process.pid), { flag: 'wx' });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (pid > 0 && pid !== process.pid && isAlive(pid)) {
      throw new Error(`PGlite data dir ${path.slice(0, -LOCK_FILE.length - 1)} is in use by process ${pid}`);
    }
    await unlink(path).catch(() => {}); // stale: its owner is gone
  }
  throw new Error(`cannot lock ${path}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Parses a one-dimensional Postgres array literal of numbers into strings, e.g. `{1,2,NULL}`. */
function parseTextArray(value: string): (string | null)[] {
  const inner = value.replace(/^\{|\}$/g, '');
  if (inner === '') return [];
  return inner.split(',').map((v) => (v === 'NULL' ? null : v.replace(/^"|"$/g, '')));
}
