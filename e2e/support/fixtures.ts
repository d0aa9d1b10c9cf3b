import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeMeeting, type Meeting } from '../../scripts/fixtures/meeting';
import { fileURLToPath } from 'node:url';
import { test } from '@playwright/test';

const HERE = path.dirname(fileURLToPath(import.meta.url));

const CACHE = path.join(os.tmpdir(), 'attune-e2e-fixtures');

/**
 * A generated two-speaker meeting with a face (ffmpeg + espeak-ng + facedetect's photo) and its
 * VTT. Generated once per run of the suite and reused read-only by every test.
 */
export function meeting(cues = 6): Meeting {
  const dir = path.join(CACHE, `meeting-${cues}`);
  const manifest = path.join(dir, 'meeting.json');
  if (fs.existsSync(manifest)) {
    const m = JSON.parse(fs.readFileSync(manifest, 'utf8')) as Meeting;
    if (fs.existsSync(m.media) && fs.existsSync(m.vtt)) return m;
  }
  fs.mkdirSync(dir, { recursive: true });
  const m = makeMeeting({ outDir: dir, name: 'team meeting', cues });
  fs.writeFileSync(manifest, JSON.stringify(m));
  return m;
}

/** A VTT whose fourth cue has a malformed timestamp: the import must name the file and line. */
export function brokenTranscript(): { file: string; badLine: number } {
  fs.mkdirSync(CACHE, { recursive: true });
  const file = path.join(CACHE, 'broken transcript.vtt');
  const lines = ['WEBVTT', '', '1', '00:00:00.500 --> 00:00:02.000', '<v Ada>Hello there.', '', '2', '00:00:02.500 --> 00:0x:04.000', '<v Ben>This cue has a broken time.', ''];
  fs.writeFileSync(file, lines.join('\n'));
  return { file, badLine: 8 };
}

export function hasTool(name: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((d) => fs.existsSync(path.join(d, name)));
}

/** The repo's copy of ELAN's EAF 3.0 schema (resources/schemas/README.md: source and terms). */
export const EAF_XSD = path.resolve(HERE, '..', '..', 'resources', 'schemas', 'EAFv3.0.xsd');

/**
 * Call at the start of a test that needs `tool` on PATH: without it the test is skipped with the
 * reason, except under CI=true, where it fails with the reason (issue 12, item 6).
 */
export function needTool(tool: string, install: string): void {
  if (hasTool(tool)) return;
  const why = `${tool} is not installed (${install})`;
  if (process.env.CI === 'true') throw new Error(`CI=true and this test cannot run: ${why}`);
  test.skip(true, why);
}
