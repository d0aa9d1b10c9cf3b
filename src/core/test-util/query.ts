import Database from 'better-sqlite3';
import path from 'node:path';

/** Rows of `sql` read from a project's database through a second, read-only connection (what another process sees). */
export function queryProject<T>(project: string, sql: string): T[] {
  const db = new Database(path.join(project, 'attune.db'), { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}
