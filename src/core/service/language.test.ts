/**
 * Per-recording language (issue 15, item 2): detected from the transcript at import or given with
 * --language, kept per recording, migrated into existing projects by detection.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService } from './index';
import { MIGRATIONS } from '../store/migrations';
import { DB_FILE, openProjectDb } from '../store/db';
import { listRecordings } from '../store/recordings';

const root = path.resolve(__dirname, '..', '..', '..');
let dir: string;
let media: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-language-'));
  media = path.join(dir, '商談.m4a');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=f=220:d=8', '-c:a', 'aac', media]);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const JA_VTT = `WEBVTT

00:00:00.500 --> 00:00:02.000
田中：本日はお時間をいただき、ありがとうございます。

00:00:02.500 --> 00:00:04.000
佐藤：こちらこそ。価格についてはいかがですか？

00:00:04.500 --> 00:00:07.000
田中：とても良いと思います！
`;

const EN_VTT = `WEBVTT

00:00:00.500 --> 00:00:02.000
<v Ann>Hello there, welcome.
`;

function write(name: string, content: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

describe('language at import', () => {
  it('detects ja from a Japanese transcript; speakers from the full-width colon, text exact', async () => {
    const svc = createService(path.join(dir, 'p-ja'));
    try {
      await svc.api.importRecording({ mediaPath: media, transcriptPath: write('ja.vtt', JA_VTT) });
      const [rec] = await svc.api.listRecordings({});
      expect(rec.language).toBe('ja');
      expect((await svc.api.listSegments({})).map((s) => [s.speaker, s.text])).toEqual([
        ['田中', '本日はお時間をいただき、ありがとうございます。'],
        ['佐藤', 'こちらこそ。価格についてはいかがですか？'],
        ['田中', 'とても良いと思います！'],
      ]);
    } finally {
      await svc.close();
    }
  });

  it('detects en from an English transcript and from none; an explicit language wins over detection', async () => {
    const svc = createService(path.join(dir, 'p-en'));
    try {
      const en = write('en.vtt', EN_VTT);
      const a = await svc.api.importRecording({ mediaPath: media, transcriptPath: en });
      const b = await svc.api.importRecording({ mediaPath: media, transcriptPath: en, language: 'ja' });
      const byId = new Map((await svc.api.listRecordings({})).map((r) => [r.id, r.language]));
      expect(byId.get(a.recordingId)).toBe('en');
      expect(byId.get(b.recordingId)).toBe('ja');
    } finally {
      await svc.close();
    }
  });
});

describe('attune import --language', () => {
  const attune = (args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin', 'attune.mjs'), ...args], { cwd: dir, encoding: 'utf8' });

  it('refuses a language other than en|ja, naming the option, and creates no project', () => {
    const project = path.join(dir, 'p-cli-bad');
    const r = attune(['import', media, '--transcript', write('cli.vtt', EN_VTT), '--language', 'fr', '--project', project]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--language must be en or ja, got 'fr'/);
    expect(fs.existsSync(project)).toBe(false);
  });

  it('stores the given language, and `attune recordings` shows it', () => {
    const project = path.join(dir, 'p-cli');
    expect(attune(['import', media, '--transcript', write('cli.vtt', EN_VTT), '--language', 'ja', '--project', project]).status).toBe(0);
    const out = attune(['recordings', '--project', project]).stdout;
    expect(out.trim().split('\t')[2]).toBe('ja');
  });
});

describe('migration 9 (recording language)', () => {
  it('marks each recording of a version-8 project by detection from its segments, en without text', () => {
    const project = fs.mkdtempSync(path.join(dir, 'migrate9-'));
    const old = new Database(path.join(project, DB_FILE));
    for (const m of MIGRATIONS.filter((x) => x.version <= 8)) old.exec(m.sql);
    old.pragma('user_version = 8');
    const rec = old.prepare("INSERT INTO recordings (id, name, media_path, duration_ms, has_video, has_audio, probe_json, imported_at) VALUES (?, ?, '/m.mp4', 10000, 0, 1, '{}', 't')");
    const seg = old.prepare("INSERT INTO segments (id, recording_id, start_ms, end_ms, speaker, text, created_at) VALUES (?, ?, ?, ?, NULL, ?, 't')");
    for (const id of ['r-ja', 'r-en', 'r-mixed', 'r-none']) rec.run(id, id);
    seg.run('a', 'r-ja', 0, 500, '本日はありがとうございます。');
    seg.run('b', 'r-ja', 600, 900, 'OK.');
    seg.run('c', 'r-en', 0, 500, 'Thanks for coming to Tokyo.');
    seg.run('d', 'r-mixed', 0, 500, 'Q3のrevenue forecastをreviewしましょう');
    seg.run('e', 'r-none', 0, 500, '');
    const segmentsBefore = old.prepare('SELECT * FROM segments ORDER BY id').all();
    old.close();

    const db = openProjectDb(project);
    try {
      expect(Object.fromEntries(listRecordings(db).map((r) => [r.id, r.language]))).toEqual({ 'r-ja': 'ja', 'r-en': 'en', 'r-mixed': 'ja', 'r-none': 'en' });
      expect(db.prepare('SELECT * FROM segments ORDER BY id').all()).toEqual(segmentsBefore);
      expect(() => db.prepare("UPDATE recordings SET language = 'fr' WHERE id = 'r-en'").run()).toThrow(/CHECK/);
    } finally {
      db.close();
    }
  });
});
