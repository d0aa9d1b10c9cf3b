import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttuneError } from '../../shared/errors';
import { createService, type AttuneService } from './index';

/**
 * Export destinations that would destroy the project or a file it uses are refused in core, so
 * the CLI, the browser host and Electron (which all call exportLabels) are covered alike.
 */
let tmp: string;
let project: string;
let media: string;
let transcript: string;
let svc: AttuneService;

const VTT = `WEBVTT

00:00:00.200 --> 00:00:01.200
Ann: Hello there.

00:00:01.400 --> 00:00:02.600
Bob: Thanks, glad to be here.
`;

const db = () => path.join(project, 'attune.db');
const guarded = () => [db(), `${db()}-wal`, media, transcript];
const bytes = () => guarded().map((f) => fs.readFileSync(f));

beforeAll(async () => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'attune-export-')));
  project = path.join(tmp, 'p');
  media = path.join(tmp, 'call.mp4');
  transcript = path.join(tmp, 'call.vtt');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=s=64x48:r=5:d=3', '-f', 'lavfi', '-i', 'sine=f=220:d=3', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', media]);
  fs.writeFileSync(transcript, VTT);
  svc = createService(project);
  await svc.api.importRecording({ mediaPath: media, transcriptPath: transcript });
  const segs = await svc.api.listSegments({});
  await svc.api.setLabel({ segmentId: segs[0].id, score: 2 });
  await svc.api.setLabel({ segmentId: segs[1].id, score: -1 });
  // Folders the project itself uses.
  fs.mkdirSync(path.join(project, 'inbox'), { recursive: true });
  fs.mkdirSync(path.join(project, 'models', 'v-x'), { recursive: true });
  fs.mkdirSync(path.join(project, '.fold-abc'), { recursive: true });
  // Links onto protected files and folders, from outside the project.
  fs.symlinkSync(db(), path.join(tmp, 'db-link.csv'));
  fs.symlinkSync(`${db()}-wal`, path.join(tmp, 'wal-link.csv'));
  fs.symlinkSync(media, path.join(tmp, 'media-link.csv'));
  fs.symlinkSync(path.join(tmp, 'db-link.csv'), path.join(tmp, 'link-to-link.csv'));
  fs.symlinkSync(`${db()}-journal`, path.join(tmp, 'dangling.csv'));
  fs.symlinkSync(project, path.join(tmp, 'project-link'));
  fs.symlinkSync(path.join(project, 'models'), path.join(tmp, 'models-link'));
  fs.linkSync(transcript, path.join(tmp, 'hard-transcript.vtt'));
  expect(fs.statSync(`${db()}-wal`).size).toBeGreaterThan(0);
});

afterAll(async () => {
  await svc?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('export destinations', () => {
  const refused: [string, () => string, RegExp][] = [
    ['the project database', () => db(), /project's database \(attune\.db\)/],
    ['its -wal', () => `${db()}-wal`, /database wal file/],
    ['its -shm', () => `${db()}-shm`, /database shm file/],
    ['its -journal (absent now)', () => `${db()}-journal`, /database journal file/],
    ['a relative attune.db (resolved against the project)', () => 'attune.db', /project's database/],
    ['a relative attune.db-wal', () => './attune.db-wal', /project's database wal/],
    ['the media', () => media, /media file of recording 'call.mp4'/],
    ['the transcript', () => transcript, /transcript of recording 'call.mp4'/],
    ['a hard link of the transcript', () => path.join(tmp, 'hard-transcript.vtt'), /transcript of recording/],
    ['inside models/', () => path.join(project, 'models', 'v-x', 'manifest.json'), /internal folder models/],
    ['a new file in models/', () => 'models/labels.csv', /internal folder models/],
    ['inside inbox/', () => 'inbox/labels.csv', /internal folder inbox/],
    ['inside a dot-folder of the project', () => path.join(project, '.fold-abc', 'x.csv'), /internal folder \.fold-abc/],
    ['a symlink to attune.db', () => path.join(tmp, 'db-link.csv'), /a link to .*attune\.db\).*project's database/],
    ['a symlink to the -wal', () => path.join(tmp, 'wal-link.csv'), /project's database wal/],
    ['a symlink to the media', () => path.join(tmp, 'media-link.csv'), /media file/],
    ['a symlink to a symlink to attune.db', () => path.join(tmp, 'link-to-link.csv'), /project's database/],
    ['a dangling symlink to the -journal', () => path.join(tmp, 'dangling.csv'), /project's database journal/],
    ['attune.db through a linked project folder', () => path.join(tmp, 'project-link', 'attune.db'), /project's database/],
    ['models/ through a linked folder', () => path.join(tmp, 'models-link', 'x.csv'), /internal folder models/],
  ];

  it.each(refused)('refuses %s, with or without overwrite, and leaves every file byte-identical', async (_what, dest, why) => {
    const before = bytes();
    for (const overwrite of [false, true]) {
      const err = await svc.api.exportLabels({ format: 'csv', outPath: dest(), overwrite }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AttuneError);
      expect((err as AttuneError).code).toBe('BAD_INPUT');
      expect((err as AttuneError).message).toMatch(why);
      expect((err as AttuneError).message).toContain(path.resolve(project, dest()));
    }
    const after = bytes();
    after.forEach((b, i) => expect(b.equals(before[i]), guarded()[i]).toBe(true));
    expect(fs.readdirSync(project).filter((f) => f.includes('.partial-'))).toEqual([]);
    expect(fs.readdirSync(tmp).filter((f) => f.includes('.partial-'))).toEqual([]);
  });

  it('refuses them through the export job too', async () => {
    await expect(svc.jobs.start('export', { format: 'json', outPath: 'attune.db', overwrite: true }).done).rejects.toThrow(/project's database/);
  });

  it('writes a relative destination into the project folder, not the process cwd', async () => {
    const res = await svc.api.exportLabels({ format: 'csv', outPath: 'labels.csv' });
    expect(res.path).toBe(path.join(project, 'labels.csv'));
    expect(fs.readFileSync(res.path, 'utf8')).toContain('Hello there.');
    expect(fs.existsSync(path.join(process.cwd(), 'labels.csv'))).toBe(false);
  });

  it('refuses an existing file without overwrite and replaces it with overwrite', async () => {
    const out = path.join(tmp, 'mine.csv');
    fs.writeFileSync(out, 'my own notes\n');
    const err = await svc.api.exportLabels({ format: 'csv', outPath: out }).catch((e: unknown) => e);
    expect((err as AttuneError).code).toBe('CONFLICT');
    expect((err as AttuneError).message).toContain(out);
    expect((err as AttuneError).message).toMatch(/already exists/);
    expect(fs.readFileSync(out, 'utf8')).toBe('my own notes\n');
    const res = await svc.api.exportLabels({ format: 'csv', outPath: out, overwrite: true });
    expect(res).toEqual({ path: out, segments: 2 });
    expect(fs.readFileSync(out, 'utf8')).toContain('Hello there.');
    expect(fs.readdirSync(tmp).filter((f) => f.includes('.partial-'))).toEqual([]);
  });

  it('still opens the project with its labels afterwards', async () => {
    await svc.close();
    svc = createService(project, { create: false });
    expect((await svc.api.listLabels({})).map((l) => l.score).sort()).toEqual([-1, 2]);
    expect(await svc.api.listRecordings({})).toHaveLength(1);
  });
});
