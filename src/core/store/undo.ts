import { UndoStackSchema, type Res } from '../../shared/contract';
import type { Db } from './db';
import { nowIso } from './db';

export type UndoStack = Res<'undoStack'>;

const EMPTY: UndoStack = { done: [], undone: [], renamed: [] };

/**
 * The project's undo history. A row that no longer parses (written by another version) reads as
 * empty: losing the steps is better than replaying commands whose meaning changed.
 */
export function getUndoStack(db: Db): UndoStack {
  const row = db.prepare('SELECT stack_json FROM undo_history WHERE id = 1').get() as { stack_json: string } | undefined;
  if (!row) return EMPTY;
  try {
    const parsed = UndoStackSchema.safeParse(JSON.parse(row.stack_json));
    return parsed.success ? parsed.data : EMPTY;
  } catch {
    return EMPTY;
  }
}

export function saveUndoStack(db: Db, stack: UndoStack): void {
  db.prepare('INSERT INTO undo_history (id, stack_json, updated_at) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET stack_json = excluded.stack_json, updated_at = excluded.updated_at').run(JSON.stringify(stack), nowIso());
}
