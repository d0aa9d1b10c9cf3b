import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bundledCandidate, resetToolCache, resolveTool, toolReport, toolsSummary } from './ffmpeg-path';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetToolCache();
});

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-ff-'));
});

/**
 * A shell script that answers the listing calls the check makes, like an ffmpeg build would; `drop`
 * removes lines (a build without that filter/muxer/option).
 */
function fakeFfmpeg(name: string, drop: string[] = []): string {
  const lines = {
    version: 'ffmpeg version 9.9-fake Copyright (c) 2000-2099 the FFmpeg developers',
    help: ['  -skip_frame        <int>        .D.V..... skip decoding', '  -async             <float>      ....A....', '  -first_pts         <int64>      ....A....', '', 'fps AVOptions:', '  fps               <string>     ..FV.....', '  start_time        <double>     ..FV.....', ''],
    filters: [' ... fps               V->V       Force constant framerate.', ' ..C scale             V->V       Scale the input video.', ' ... aresample         A->A       Resample audio data.'],
    muxers: ['  E f32le           PCM 32-bit floating-point little-endian', '  E rawvideo        raw video'],
    pixFmts: ['IO... rgb24                  3            24'],
  };
  const keep = (ls: string[]) => ls.filter((l) => !drop.some((d) => l.includes(d))).join('\n');
  const file = path.join(dir, name);
  fs.writeFileSync(
    file,
    `#!/bin/sh
case "$*" in
  *-version*) echo '${lines.version}' ;;
  *"-h full"*) printf '%s\\n' '${keep(lines.help)}' ;;
  *-filters*) printf '%s\\n' '${keep(lines.filters)}' ;;
  *-muxers*) printf '%s\\n' '${keep(lines.muxers)}' ;;
  *-pix_fmts*) printf '%s\\n' '${keep(lines.pixFmts)}' ;;
esac
`,
    { mode: 0o755 },
  );
  return file;
}

describe.skipIf(process.platform === 'win32')('resolveTool', () => {
  it('honours FFMPEG_PATH when it points at an ffmpeg with what the extractor needs', () => {
    const fake = fakeFfmpeg('my ffmpeg');
    process.env.FFMPEG_PATH = fake;
    expect(resolveTool('ffmpeg')).toBe(fake);
    expect(toolReport('ffmpeg').chosen).toMatchObject({ source: 'env', version: '9.9-fake', missing: [] });
  });

  it('refuses a FFMPEG_PATH that is not executable, saying which variable', () => {
    process.env.FFMPEG_PATH = '/nonexistent/ffmpeg';
    expect(() => resolveTool('ffmpeg')).toThrow(/ffmpeg at '\/nonexistent\/ffmpeg' \(FFMPEG_PATH.*does not exist.*Point FFMPEG_PATH/);
  });

  it('names the binary, its version and each missing feature, and does not fall back from an env variable', () => {
    const fake = fakeFfmpeg('old-ffmpeg', ['start_time', 'f32le', 'skip_frame']);
    process.env.FFMPEG_PATH = fake;
    let message = '';
    try {
      resolveTool('ffmpeg');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain(`ffmpeg at '${fake}' (FFMPEG_PATH, version 9.9-fake) lacks`);
    expect(message).toContain('option -skip_frame');
    expect(message).toContain('filter fps option start_time');
    expect(message).toContain('muxer f32le');
    expect(message).not.toContain('rawvideo');
    expect(toolReport('ffmpeg').candidates).toHaveLength(1);
  });

  it('uses the binary that came with the install before the system one', () => {
    delete process.env.FFMPEG_PATH;
    delete process.env.FFPROBE_PATH;
    const bundled = bundledCandidate('ffprobe');
    // The install brings both for Linux x64/arm64, macOS x64/arm64 and Windows x64.
    expect(bundled, 'npm ci installs @ffprobe-installer/<platform>').not.toBeNull();
    fakeFfmpeg('ffprobe');
    process.env.PATH = dir; // a "system" ffprobe is on PATH too
    expect(resolveTool('ffprobe')).toBe(bundled!.path);
    expect(toolReport('ffprobe').chosen).toMatchObject({ source: 'bundled', package: { name: `@ffprobe-installer/${process.platform}-${process.arch}` } });
    expect(toolsSummary()).toMatch(/^ffmpeg \S+ \(bundled, @ffmpeg-installer\/.*; ffprobe \S+ \(bundled, @ffprobe-installer\//);
  });

  it('explains how to fix it when nothing usable is found, naming what a system binary lacks', () => {
    delete process.env.FFPROBE_PATH;
    process.env.ATTUNE_BUNDLED_FFMPEG = '0';
    process.env.PATH = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-empty-'));
    expect(() => resolveTool('ffprobe')).toThrow(/ffprobe was not found\. Run 'npm ci'.*apt-get install ffmpeg.*FFPROBE_PATH/);

    resetToolCache();
    const sys = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-sys-'));
    fs.copyFileSync(fakeFfmpeg('broken', ['rawvideo']), path.join(sys, 'ffmpeg'));
    fs.chmodSync(path.join(sys, 'ffmpeg'), 0o755);
    process.env.PATH = sys;
    expect(() => resolveTool('ffmpeg')).toThrow(/ffmpeg at '.*' \(on PATH, version 9.9-fake\) lacks muxer rawvideo\. Run 'npm ci'/);
  });
});
