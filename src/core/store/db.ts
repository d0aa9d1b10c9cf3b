import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { AttuneError, InputError } from '../../shared/errors';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';

export type Db = Database.Database;

export const DB_FILE = 'attune.db';

/**
 * Opens (creating if needed) the project database in `dir`. WAL with synchronous=FULL: a label
 * is on disk when its write returns, so a kill right after the UI shows "saved" loses nothing.
 */
export function openProjectDb(dir: string, opts: { create?: boolean; readonly?: boolean } = {}): Db {
  const file = path.join(dir, DB_FILE);
  if (!fs.existsSync(file)) {
    if (opts.create === false) throw new AttuneError('NOT_FOUND', `no Attune project at ${dir} (missing ${DB_FILE}); 'attune import MEDIA --project ${dir}' starts one`);
    fs.mkdirSync(dir, { recursive: true });
  }
  const db = new Database(file, { readonly: opts.readonly ?? false });
  try {
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    if (!opts.readonly) migrate(db, file);
  } catch (err) {
    db.close();
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw new InputError(file, `not a readable Attune project database (${(err as Error).message})`);
    throw err;
  }
  return db;
}

export function migrate(db: Db, file = 'database'): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new AttuneError('CONFLICT', `${file} has schema version ${current}, newer than this Attune (${SCHEMA_VERSION}); update Attune`);
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

export function nowIso(): string {
  return new Date().toISOString();
}
