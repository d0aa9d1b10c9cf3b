/**
 * A fresh machine has nothing but node and npm: with a PATH holding only those two (no ffmpeg, no
 * ffprobe), `attune import` and `attune analyze` run on the binaries that came with `npm ci`, and
 * `attune doctor` says that is where they came from.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledCandidate } from '../core/media/ffmpeg-path';

const root = path.resolve(__dirname, '..', '..');
let dir: string;
let bin: string;
let env: NodeJS.ProcessEnv;

function onPath(name: string): string | null {
  for (const d of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(d, process.platform === 'win32' ? `${name}.cmd` : name);
    if (d && fs.existsSync(p)) return p;
  }
  return null;
}

function attune(...args: string[]) {
  const r = spawnSync(path.join(bin, 'node'), [path.join(root, 'bin', 'attune.mjs'), ...args], { cwd: dir, env, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-nosys-'));
  bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.symlinkSync(process.execPath, path.join(bin, 'node'));
  const npm = onPath('npm');
  if (npm) fs.symlinkSync(fs.realpathSync(npm), path.join(bin, 'npm'));
  // The media is made beforehand with the system ffmpeg (or, where there is none, the bundled one).
  const maker = onPath('ffmpeg') ?? bundledCandidate('ffmpeg')?.path ?? 'ffmpeg';
  // H.264 High with B-frames (what -skip_frame noref acts on) and AAC, like a meeting recording.
  execFileSync(maker, [
    '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=320x240:r=25:d=6', '-f', 'lavfi', '-i', 'sine=f=220:d=6',
    '-c:v', 'libx264', '-profile:v', 'high', '-bf', '2', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', path.join(dir, 'call.mp4'),
  ]);
  fs.writeFileSync(
    path.join(dir, 'call.vtt'),
    'WEBVTT\n\n00:00:00.200 --> 00:00:02.000\n<v Ada>I am really happy with how this turned out.</v>\n\n' +
      '00:00:02.300 --> 00:00:04.000\n<v Ben>The meeting is on Tuesday.</v>\n\n00:00:04.300 --> 00:00:05.800\n<v Ada>This is a terrible idea.</v>\n',
  );
  env = { ...process.env, PATH: bin };
  for (const k of ['FFMPEG_PATH', 'FFPROBE_PATH', 'ATTUNE_BUNDLED_FFMPEG']) delete env[k];
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.skipIf(process.platform === 'win32')('with only node and npm on PATH', () => {
  it('imports and analyses on the bundled ffmpeg/ffprobe, and doctor says they are bundled', () => {
    expect(fs.readdirSync(bin).sort()).toEqual(onPath('npm') ? ['node', 'npm'] : ['node']);
    if (onPath('npm')) {
      // npm itself runs on this PATH (its shebang finds node there).
      expect(spawnSync(path.join(bin, 'npm'), ['--version'], { env, encoding: 'utf8' }).status).toBe(0);
    }

    const imp = attune('import', path.join(dir, 'call.mp4'), '--transcript', path.join(dir, 'call.vtt'), '--project', 'p', '--json');
    expect(imp.err).not.toMatch(/not found/);
    expect(imp.code).toBe(0);
    expect(JSON.parse(imp.out).segments).toBe(3);

    const an = attune('analyze', '--project', 'p');
    expect(an.code, an.err).toBe(0);
    const preds = JSON.parse(attune('predictions', '--project', 'p', '--json').out) as Record<string, unknown>[];
    expect(preds).toHaveLength(3);
    expect(JSON.stringify(preds)).toMatch(/"fused"/);

    const doc = attune('doctor', '--json');
    const report = JSON.parse(doc.out);
    for (const tool of ['ffmpeg', 'ffprobe'] as const) {
      expect(report[tool]).toMatchObject({ ok: true, source: 'bundled', package: { name: `@${tool}-installer/${process.platform}-${process.arch}` } });
      expect(report[tool].path.startsWith(path.join(root, 'node_modules'))).toBe(true);
      expect(report[tool].alternatives).toEqual([]); // nothing on this PATH
    }
    expect(doc.code, doc.err).toBe(0);
    expect(attune('doctor').out).toMatch(/ffmpeg\s+ok\s+\S+ — bundled with the install \(@ffmpeg-installer\//);
  }, 300_000);

  it('doctor exits 1 and gives the fix when no ffmpeg or ffprobe is usable', () => {
    const r = spawnSync(path.join(bin, 'node'), [path.join(root, 'bin', 'attune.mjs'), 'doctor', '--json'], {
      cwd: dir,
      env: { ...env, ATTUNE_BUNDLED_FFMPEG: '0' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('doctor: missing ffmpeg, ffprobe');
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(false);
    expect(report.missing.find((m: { what: string }) => m.what === 'ffmpeg')).toMatchObject({ required: true, fix: expect.stringMatching(/not found\. Run 'npm ci'.*FFMPEG_PATH/) });
    expect(report.modelPack).toMatchObject({ ok: true, error: null });
  }, 60_000);
});
