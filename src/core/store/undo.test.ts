import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatch } from '../dispatch';
import { createService } from '../service';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-undo-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const stack = {
  done: [
    { kind: 'label', segmentId: 's1', before: null, after: { score: 2, note: 'warm' } },
    { kind: 'split', first: 's1', second: 's2', atMs: 500 },
    { kind: 'bounds', segmentId: 's1', edge: 'end', before: { startMs: 0, endMs: 500 }, after: { startMs: 0, endMs: 600 } },
  ],
  undone: [{ kind: 'merge', first: 's3', second: 's4' }],
  renamed: [['s2', 's9']],
};

describe('the undo history in the project (issue 18, item 7)', () => {
  it('is empty for a new project, and what a window saves comes back after the project is closed and opened again', async () => {
    const dir = path.join(tmp, 'p1');
    let svc = createService(dir);
    expect(await dispatch(svc.api, 'undoStack', {})).toEqual({ done: [], undone: [], renamed: [] });
    expect(await dispatch(svc.api, 'saveUndoStack', stack)).toEqual({ done: 3, undone: 1 });
    await svc.close();
    svc = createService(dir, { create: false });
    expect(await dispatch(svc.api, 'undoStack', {})).toEqual(stack);
    await dispatch(svc.api, 'saveUndoStack', { done: [], undone: [], renamed: [] });
    expect(await dispatch(svc.api, 'undoStack', {})).toEqual({ done: [], undone: [], renamed: [] });
    await svc.close();
  });

  it('refuses a command it does not know or a malformed one, naming the field, and keeps what was stored', async () => {
    const svc = createService(path.join(tmp, 'p2'));
    await dispatch(svc.api, 'saveUndoStack', stack);
    await expect(dispatch(svc.api, 'saveUndoStack', { ...stack, done: [{ kind: 'rm -rf', segmentId: 's1' }] })).rejects.toThrow(/invalid saveUndoStack request: done\.0/);
    await expect(dispatch(svc.api, 'saveUndoStack', { ...stack, done: [{ kind: 'label', segmentId: 's1', before: null, after: { score: 9, note: null } }] })).rejects.toThrow(/done\.0\.after\.score/);
    await expect(dispatch(svc.api, 'saveUndoStack', { done: [], undone: [] })).rejects.toThrow(/renamed/);
    expect(await dispatch(svc.api, 'undoStack', {})).toEqual(stack);
    // A row this version cannot read (another version wrote it) reads as no history, never as an error.
    svc.db.prepare('UPDATE undo_history SET stack_json = ?').run('{"done":[{"kind":"future"}]}');
    expect(await dispatch(svc.api, 'undoStack', {})).toEqual({ done: [], undone: [], renamed: [] });
    await svc.close();
  });
});
