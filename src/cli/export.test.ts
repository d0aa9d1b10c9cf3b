import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const sample = path.join(root, 'resources', 'sample');
let dir: string;
let project: string;

function attune(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'attune.mjs'), ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'attune-cli-export-')));
  project = path.join(dir, 'p');
  expect(attune('import', path.join(sample, 'meeting.mp4'), '--transcript', path.join(sample, 'meeting.vtt'), '--project', project).code).toBe(0);
  const segs = JSON.parse(attune('segments', '--json', '--project', project).out);
  expect(attune('label', segs[0].id, '1.5', '--project', project).code).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('attune export destinations', () => {
  it('refuses the project database, even with --force, and the project keeps its labels', () => {
    const db = path.join(project, 'attune.db');
    const before = fs.readFileSync(db);
    fs.mkdirSync(path.join(project, 'models'), { recursive: true });
    for (const out of [db, `${db}-wal`, path.join(project, 'models', 'x.csv')]) {
      const r = attune('export', '--format', 'csv', '--out', out, '--force', '--project', project);
      expect(r.code).toBe(1);
      expect(r.err).toContain(out);
      expect(r.err).toMatch(/refusing to export there/);
      expect(r.out).toBe('');
    }
    expect(fs.readFileSync(db).equals(before)).toBe(true);
    expect(JSON.parse(attune('labels', '--json', '--project', project).out)).toHaveLength(1);
  });

  it('resolves a relative --out against the current folder and needs --force to replace a file', () => {
    const first = attune('export', '--format', 'csv', '--out', 'labels.csv', '--project', project);
    expect(first.code).toBe(0);
    expect(first.out).toContain(path.join(dir, 'labels.csv'));
    fs.writeFileSync(path.join(dir, 'labels.csv'), 'mine\n');
    const again = attune('export', '--format', 'csv', '--out', 'labels.csv', '--project', project);
    expect(again.code).toBe(1);
    expect(again.err).toContain(path.join(dir, 'labels.csv'));
    expect(again.err).toContain('--force');
    expect(fs.readFileSync(path.join(dir, 'labels.csv'), 'utf8')).toBe('mine\n');
    const forced = attune('export', '--format', 'csv', '--out', 'labels.csv', '--force', '--project', project);
    expect(forced.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'labels.csv'), 'utf8')).toContain('start');
  });
});
