import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AttuneError, InputError } from '../../shared/errors';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { detectLanguage } from '../../shared/text/language';

export type Db = Database.Database;

export const DB_FILE = 'attune.db';
/** The database file and the ones SQLite keeps beside it (WAL, shared memory, rollback journal). */
export const DB_SIDE_SUFFIXES = ['', '-wal', '-shm', '-journal'] as const;

export interface OpenOptions {
  /** False: refuse a folder without a project instead of starting one there. */
  create?: boolean;
  readonly?: boolean;
}

/**
 * Opens (creating if needed) the project database in `dir`. WAL with synchronous=FULL: a label
 * is on disk when its write returns, so a kill right after the UI shows "saved" loses nothing.
 *
 * A new database appears complete or not at all: it is built under a temporary name and linked
 * into place, so two first opens at the same instant share one (the loser of the link opens the
 * winner's) and Attune never leaves an empty `attune.db` behind, which is therefore refused, as
 * is one that fails SQLite's quick check: both name the file and leave it as it was.
 */
export function openProjectDb(dir: string, opts: OpenOptions = {}): Db {
  const file = path.join(dir, DB_FILE);
  let stat = statOrNull(file);
  if (!stat) {
    if (opts.create === false || opts.readonly) throw new AttuneError('NOT_FOUND', `no Attune project at ${dir} (missing ${DB_FILE}); 'attune import MEDIA --project ${dir}' starts one`);
    try {
      fs.mkdirSync(dir, { recursive: true });
      createDbFile(file);
    } catch (err) {
      throw new InputError(file, `cannot create the project database (${(err as Error).message})`);
    }
    stat = statOrNull(file);
  }
  if (stat?.isDirectory()) throw new InputError(file, 'is a folder, not an Attune project database');
  if (stat && !stat.isFile()) throw new InputError(file, 'is not a regular file, so not an Attune project database');
  if (stat?.size === 0) {
    throw new InputError(file, 'is empty (0 bytes): not an Attune project database. Restore it from a backup, or move it away to start a new project in this folder');
  }
  if (!opts.readonly) refuseReadOnly(dir, file);
  let db: Db;
  try {
    db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: true });
  } catch (err) {
    throw new InputError(file, `cannot open the project database (${(err as Error).message})`);
  }
  try {
    // First, so every later statement waits for another process's lock instead of failing at once.
    db.pragma('busy_timeout = 5000');
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    checkIntegrity(db, file);
    if (!opts.readonly) migrate(db, file);
  } catch (err) {
    db.close();
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw new InputError(file, `not a readable Attune project database (${(err as Error).message}); restore it from a backup`);
    if (code?.startsWith('SQLITE_READONLY') || code?.startsWith('SQLITE_CANTOPEN')) throw new InputError(file, `${READ_ONLY} (${(err as Error).message})`);
    throw err;
  }
  return db;
}

const READ_ONLY = 'the project is read-only: Attune writes attune.db and the -wal/-shm files beside it. Make the folder and its files writable, or copy the project somewhere writable';

/** A project on a read-only disk or without write permission: say so up front, naming the file. */
function refuseReadOnly(dir: string, file: string): void {
  try {
    fs.accessSync(file, fs.constants.R_OK | fs.constants.W_OK);
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new InputError(file, READ_ONLY);
  }
}

/** SQLite's quick check (structure of every page, not the contents): a damaged file is named, not used. */
function checkIntegrity(db: Db, file: string): void {
  const problems = (db.pragma('quick_check(5)') as { quick_check: string }[]).map((r) => r.quick_check).filter((m) => m !== 'ok');
  if (problems.length) throw new InputError(file, `the project database is damaged (SQLite quick_check: ${problems.join('; ')}); restore it from a backup`);
}

/** Builds a fresh, migrated database under a temporary name, then links it into place unless one appeared meanwhile. */
function createDbFile(file: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.new-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const db = new Database(tmp);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      migrate(db, file);
    } finally {
      db.close(); // the last connection checkpoints and removes the -wal: tmp alone is the whole database
    }
    try {
      fs.linkSync(tmp, file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return; // another process created it first: use theirs
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
      // A file system without hard links: an exclusive copy still never replaces a database.
      try {
        fs.copyFileSync(tmp, file, fs.constants.COPYFILE_EXCL);
      } catch (copyErr) {
        if ((copyErr as NodeJS.ErrnoException).code !== 'EEXIST') throw copyErr;
      }
    }
    syncDir(path.dirname(file));
  } finally {
    for (const suffix of DB_SIDE_SUFFIXES) fs.rmSync(tmp + suffix, { force: true });
  }
}

/**
 * Removes a project this process created and nothing has been stored in (a first import that
 * failed), so the folder does not pass for a project afterwards. `removeDir`: the folder too,
 * if it is empty then. Returns whether it removed the database.
 */
export function discardNewProject(db: Db, dir: string, removeDir: boolean): boolean {
  const used = db.prepare('SELECT (SELECT COUNT(*) FROM recordings) + (SELECT COUNT(*) FROM label_events) AS n').get() as { n: number };
  db.close();
  if (used.n > 0) return false;
  for (const suffix of DB_SIDE_SUFFIXES) fs.rmSync(path.join(dir, DB_FILE) + suffix, { force: true });
  if (removeDir) {
    try {
      fs.rmdirSync(dir); // only if empty
    } catch {}
  }
  return true;
}

function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ENOTDIR') throw new InputError(path.dirname(file), 'is a file, not a project folder');
    if (code === 'ELOOP') throw new InputError(file, 'is a symbolic link loop');
    throw new InputError(file, `cannot read the project database (${(err as Error).message})`);
  }
}

function syncDir(dir: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Not every platform can fsync a folder (Windows); the link itself is already atomic.
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/**
 * Brings the schema up to date. Under BEGIN IMMEDIATE, with the version read again inside: two
 * processes opening one old (or new) project at once migrate it once, the second finds it done.
 */
export function migrate(db: Db, file = 'database'): void {
  const version = () => db.pragma('user_version', { simple: true }) as number;
  const check = (current: number) => {
    if (current > SCHEMA_VERSION) throw new AttuneError('CONFLICT', `${file} has schema version ${current}, newer than this Attune (${SCHEMA_VERSION}); update Attune`);
  };
  check(version());
  if (version() === SCHEMA_VERSION) return; // up to date: no write lock taken
  // Migration 9 detects each recording's language in SQL with the one detector the import uses.
  db.function('attune_detect_language', { deterministic: true }, (text: unknown) => detectLanguage(typeof text === 'string' ? text : ''));
  db.transaction(() => {
    const current = version();
    check(current);
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
}

export function nowIso(): string {
  return new Date().toISOString();
}
