import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, type AttuneService } from '../service';
import { readFeatureRows } from './feature-matrix';
import { computeMissingFeatures } from './features';

let dir: string;
let svc: AttuneService;
let media: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-truncated-'));
  const whole = path.join(dir, 'whole.mp4');
  // 10 s of picture and tone with the index in front, so the file still probes as 10 s once its tail is cut off.
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=s=160x120:r=25:d=10', '-f', 'lavfi', '-i', 'sine=f=220:d=10', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+faststart', whole]);
  media = path.join(dir, 'cut meeting.mp4');
  const bytes = fs.readFileSync(whole);
  fs.writeFileSync(media, bytes.subarray(0, Math.floor(bytes.length * 0.45)));
  const vtt = path.join(dir, 'cut meeting.vtt');
  fs.writeFileSync(vtt, 'WEBVTT\n\n00:00.500 --> 00:01.800\n<v Ada>We start on time today.\n\n00:06.000 --> 00:07.500\n<v Ben>This part was never recorded.\n\n00:08.000 --> 00:09.800\n<v Ada>Nor was this.\n');
  svc = createService(path.join(dir, 'project'));
  await svc.api.importRecording({ mediaPath: media, transcriptPath: vtt });
});
afterAll(async () => {
  await svc?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a truncated file that still probes', () => {
  it('gives segments past the decoded end no voice or face features and warns with the file and the time', async () => {
    const warnings: string[] = [];
    const first = await computeMissingFeatures(svc.db, { ep: 'cpu', onWarning: (m) => warnings.push(m) });
    expect(first.ranOut).toEqual({ audio: 2, video: 2 });
    expect(first.computed).toEqual({ text: 3, audio: 1, video: 1 });
    expect(warnings).toHaveLength(2);
    for (const [w, stream] of [[warnings[0], 'audio'], [warnings[1], 'video']]) {
      expect(w).toContain(media);
      expect(w).toMatch(new RegExp(`the ${stream} stream ends at 0:00:0[2-5]\\.\\d{3} of 0:00:10\\.000`));
      expect(w).toMatch(/2 segments reaching past it have no (voice|face) features/);
    }

    const rows = (await readFeatureRows(svc.db)).sort((a, b) => a.segment.startMs - b.segment.startMs);
    expect(rows.map((r) => [r.audio !== null, r.video !== null])).toEqual([
      [true, true],
      [false, false],
      [false, false],
    ]);
    expect(rows.every((r) => r.text !== null)).toBe(true); // the words are still evidence

    // The absence is recorded: a second run neither recomputes nor fakes anything.
    const again = await computeMissingFeatures(svc.db, { ep: 'cpu', onWarning: (m) => warnings.push(m) });
    expect(again.computed).toEqual({ text: 0, audio: 0, video: 0 });
    expect(again.cached).toBe(3);
    expect((await readFeatureRows(svc.db)).filter((r) => r.audio === null)).toHaveLength(2);
  });

  it('says so through the analyze job as a warning notice', async () => {
    svc.db.exec("DELETE FROM features WHERE modality != 'text'");
    const notices: string[] = [];
    const off = svc.events.on((e) => {
      if (e.type === 'notice' && e.notice.kind === 'warning') notices.push(e.notice.message);
    });
    const { done } = svc.jobs.start('analyze', { ep: 'cpu' });
    const res = await done;
    off();
    expect(res.predicted).toBe(3);
    expect(notices).toHaveLength(2);
    expect(res.warnings).toEqual(notices);
    expect(notices[0]).toContain('cut meeting.mp4');
  });
});
