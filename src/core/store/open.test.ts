import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService } from '../service';
import { DB_FILE } from './db';
import { SCHEMA_VERSION } from './migrations';
import { insertRecording } from './recordings';
import { insertSegments } from './segments';

const root = path.resolve(__dirname, '..', '..', '..');
let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-open-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const attune = (...args: string[]) => {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'attune.mjs'), ...args], { cwd: tmp, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

/** A project with enough segments that its tables span many pages. */
function projectWithData(dir: string): void {
  const svc = createService(dir);
  insertRecording(svc.db, { id: 'rec-1', name: 'r', mediaPath: '/dev/null', transcriptPath: null, durationMs: 10_000_000, startOffsetMs: 0, hasVideo: false, hasAudio: true, width: null, height: null, importedAt: new Date().toISOString() }, {});
  insertSegments(svc.db, Array.from({ length: 3000 }, (_, i) => ({ id: `seg-${i}`, recordingId: 'rec-1', startMs: i * 1000, endMs: i * 1000 + 900, speaker: 'A', text: `words of segment ${i} `.repeat(4) })));
  svc.db.close(); // checkpoints: everything is in attune.db itself
}

describe('opening a project', () => {
  it('survives several first opens of a new project at the same instant', async () => {
    for (let round = 0; round < 3; round++) {
      const dir = path.join(tmp, `race-${round}`);
      // Each child loads first and says so; then all are told one instant shortly ahead and open at it.
      const children = Array.from({ length: 4 }, () => spawn(process.execPath, ['bin/run-ts.mjs', 'src/core/store/__fixtures__/first-open.ts', dir], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] }));
      const outputs = children.map((c) => {
        let out = '';
        c.stdout.on('data', (d: Buffer) => (out += d.toString()));
        return { ready: new Promise<void>((resolve) => c.stdout.on('data', () => out.includes('ready') && resolve())), done: new Promise<string>((resolve) => c.on('close', () => resolve(out))) };
      });
      await Promise.all(outputs.map((o) => o.ready));
      const at = Date.now() + 300;
      for (const c of children) c.stdin.end(`${at}\n`);
      const results = await Promise.all(outputs.map((o) => o.done));
      for (const r of results) expect(r.trim().split('\n').pop()).toBe('ok default');
      const db = new Database(path.join(dir, DB_FILE), { readonly: true });
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.prepare('SELECT id, active FROM model_versions').all()).toEqual([{ id: 'default', active: 1 }]);
      db.close();
      expect(fs.readdirSync(dir).filter((f) => f.includes('.new-'))).toEqual([]); // no temporary left
    }
  }, 120_000);

  it('refuses a 0-byte attune.db, naming it, instead of starting an empty project over it', () => {
    const dir = path.join(tmp, 'zero');
    fs.mkdirSync(dir);
    const file = path.join(dir, DB_FILE);
    fs.writeFileSync(file, '');
    expect(() => createService(dir)).toThrow(`${file}: is empty (0 bytes)`);
    expect(fs.statSync(file).size).toBe(0);
    expect(fs.readdirSync(dir)).toEqual([DB_FILE]);
    const cli = attune('import', path.join(root, 'resources/sample/meeting.mp4'), '--project', dir);
    expect(cli.code).toBe(1);
    expect(cli.err).toContain(file);
    expect(fs.statSync(file).size).toBe(0);
  });

  it('refuses a database damaged inside, naming the file and leaving it as it was', () => {
    const dir = path.join(tmp, 'damaged');
    projectWithData(dir);
    const file = path.join(dir, DB_FILE);
    const bytes = fs.readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    const pages = bytes.length / pageSize;
    expect(pages).toBeGreaterThan(20);
    // Random bytes over the start of a page in the middle (its b-tree header and cell pointers).
    const at = Math.floor(pages / 2) * pageSize;
    randomBytes(200).copy(bytes, at);
    fs.writeFileSync(file, bytes);
    expect(() => createService(dir)).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*(damaged|malformed)`));
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    const cli = attune('segments', '--project', dir);
    expect(cli.code).toBe(1);
    expect(cli.err).toContain(file);
    expect(cli.out).toBe('');
  });

  it('opens an intact project as before', async () => {
    const dir = path.join(tmp, 'intact');
    projectWithData(dir);
    const svc = createService(dir, { create: false });
    expect((await svc.api.listSegments({})).length).toBe(3000);
    await svc.close();
  });
});

describe('a failed first import', () => {
  it('leaves no project behind, in a new folder or an existing empty one, and keeps an existing project', () => {
    const empty = path.join(tmp, 'empty.mp4');
    fs.writeFileSync(empty, '');
    const fresh = path.join(tmp, 'new-project');
    const r = attune('import', empty, '--project', fresh);
    expect(r.code).toBe(1);
    expect(r.err).toContain(empty);
    expect(fs.existsSync(fresh)).toBe(false);

    const existing = path.join(tmp, 'existing-folder');
    fs.mkdirSync(existing);
    fs.writeFileSync(path.join(existing, 'notes.txt'), 'mine');
    const bad = path.join(tmp, 'garbage.mp4');
    fs.writeFileSync(bad, randomBytes(4096));
    expect(attune('import', bad, '--project', existing).code).toBe(1);
    expect(fs.readdirSync(existing)).toEqual(['notes.txt']);
    // The next command does not take the folder for a project.
    const next = attune('segments', '--project', existing);
    expect(next.code).toBe(1);
    expect(next.err).toContain('no Attune project');

    // A failed import into a project that exists changes nothing there.
    const project = path.join(tmp, 'project');
    expect(attune('import', path.join(root, 'resources/sample/meeting.mp4'), '--transcript', path.join(root, 'resources/sample/meeting.vtt'), '--project', project).code).toBe(0);
    expect(attune('import', empty, '--project', project).code).toBe(1);
    expect(attune('segments', '--project', project).out.trim().split('\n')).toHaveLength(12);
  }, 120_000);
});
