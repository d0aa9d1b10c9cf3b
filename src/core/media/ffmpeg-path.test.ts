import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resetToolCache, resolveTool } from './ffmpeg-path';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetToolCache();
});

describe('resolveTool', () => {
  it('honours FFMPEG_PATH when it points at an executable', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-ff-'));
    const fake = path.join(dir, 'my ffmpeg');
    fs.writeFileSync(fake, '#!/bin/sh\n', { mode: 0o755 });
    process.env.FFMPEG_PATH = fake;
    expect(resolveTool('ffmpeg')).toBe(fake);
  });

  it('refuses a FFMPEG_PATH that is not executable, saying which variable', () => {
    process.env.FFMPEG_PATH = '/nonexistent/ffmpeg';
    expect(() => resolveTool('ffmpeg')).toThrow(/FFMPEG_PATH.*not an executable/);
  });

  it('finds the system binary on PATH, and explains how to install when there is none', () => {
    delete process.env.FFPROBE_PATH;
    expect(path.basename(resolveTool('ffprobe'))).toBe('ffprobe');
    resetToolCache();
    process.env.PATH = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-empty-'));
    expect(() => resolveTool('ffprobe')).toThrow(/ffprobe was not found.*apt-get install ffmpeg.*FFPROBE_PATH/);
  });
});
