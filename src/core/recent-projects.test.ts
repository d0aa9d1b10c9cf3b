import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listRecent, MAX_RECENT, noteOpened, readRecent, recentEntry } from './recent-projects';
import { DB_FILE } from './store/db';

let tmp: string;
let file: string;
const project = (name: string) => {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, DB_FILE), '');
  return dir;
};

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-recent-'));
  file = path.join(tmp, 'config', 'recent-projects.json');
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('recent projects', () => {
  it('keeps the last opened first, once each, and marks the current and the missing', () => {
    const a = project('a');
    const b = project('b');
    noteOpened(file, b, new Date('2026-01-01T00:00:00Z'));
    noteOpened(file, a, new Date('2026-01-02T00:00:00Z'));
    noteOpened(file, path.join(b, '.'), new Date('2026-01-03T00:00:00Z'));
    expect(readRecent(file).map((e) => e.path)).toEqual([b, a]);
    fs.rmSync(path.join(a, DB_FILE));
    expect(listRecent(file, b)).toEqual([
      { path: b, name: 'b', openedAt: '2026-01-03T00:00:00.000Z', current: true, missing: false },
      { path: a, name: 'a', openedAt: '2026-01-02T00:00:00.000Z', current: false, missing: true },
    ]);
  });

  it(`holds at most ${MAX_RECENT}`, () => {
    for (let i = 0; i < MAX_RECENT + 3; i++) noteOpened(file, project(`p${i}`));
    expect(readRecent(file)).toHaveLength(MAX_RECENT);
    expect(readRecent(file)[0].path).toBe(path.join(tmp, `p${MAX_RECENT + 2}`));
  });

  it('opens only what is on the list, naming the list', () => {
    const a = project('a');
    const stranger = project('stranger');
    noteOpened(file, a);
    expect(recentEntry(file, `${a}/`)).toBe(a);
    expect(() => recentEntry(file, stranger)).toThrow(/stranger is not in the recent projects \(.*recent-projects\.json\)/);
    fs.rmSync(a, { recursive: true });
    expect(() => recentEntry(file, a)).toThrow(/no Attune project at .*a any more/);
  });

  it('sets a damaged file aside instead of trusting it', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{"version":1,"projects":[{"path":42}]}');
    expect(readRecent(file)).toEqual([]);
    expect(fs.existsSync(`${file}.bad`)).toBe(true);
    noteOpened(file, project('a'));
    expect(readRecent(file)).toHaveLength(1);
  });
});
