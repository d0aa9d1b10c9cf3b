import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService } from './index';
import { dispatch } from '../dispatch';

let dir: string;
let media: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-ingest-'));
  media = path.join(dir, 'call.mp4');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=s=160x120:r=10:d=8', '-f', 'lavfi', '-i', 'sine=f=220:d=8', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', media]);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const VTT = `WEBVTT

1
00:00:00.500 --> 00:00:02.000
Ann: Hello there, welcome.

2
00:00:02.500 --> 00:00:04.000
Bob: Thanks, glad to be here.

3
00:00:04.500 --> 00:00:07.000
Ann: Let's begin.
`;

/** Every row of every table: "the project exactly as it was". */
function snapshot(svcDir: string): string {
  const svc = createService(svcDir);
  try {
    const tables = ['recordings', 'segments', 'label_events', 'features', 'predictions', 'model_versions'];
    return JSON.stringify(tables.map((t) => svc.db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()));
  } finally {
    void svc.close();
  }
}

function write(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

describe('import', () => {
  it('turns media + VTT into speaker segments in one transaction', async () => {
    const project = path.join(dir, 'p-ok');
    const svc = createService(project);
    const vtt = write('call.vtt', VTT);
    const res = await svc.api.importRecording({ mediaPath: media, transcriptPath: vtt });
    expect(res.segments).toBe(3);
    const segs = await svc.api.listSegments({});
    expect(segs.map((s) => [s.startMs, s.endMs, s.speaker, s.text])).toEqual([
      [500, 2000, 'Ann', 'Hello there, welcome.'],
      [2500, 4000, 'Bob', 'Thanks, glad to be here.'],
      [4500, 7000, 'Ann', "Let's begin."],
    ]);
    const [rec] = await svc.api.listRecordings({});
    expect(rec.durationMs).toBeGreaterThan(7900);
    expect(rec.hasVideo && rec.hasAudio).toBe(true);
    await svc.close();
  });

  it('imports a valid file with a hostile-looking name without running anything', async () => {
    const project = path.join(dir, 'p-name');
    const odd = path.join(dir, `we'ird "name" $(touch PWNED) ünï.mp4`);
    fs.copyFileSync(media, odd);
    const svc = createService(project);
    const res = await svc.api.importRecording({ mediaPath: odd, transcriptPath: write(`t $(x) 'q'.vtt`, VTT) });
    expect(res.segments).toBe(3);
    expect(fs.existsSync(path.join(process.cwd(), 'PWNED'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'PWNED'))).toBe(false);
    await svc.close();
  });

  const bad: [string, () => { media: string; transcript?: string }, RegExp][] = [
    ['random bytes with a media extension', () => ({ media: write('noise.mp4', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))) }), /noise\.mp4.*(not a readable media|no duration)/],
    ['an empty media file', () => ({ media: write('empty.wav', '') }), /empty\.wav.*empty/],
    ['a truncated media file', () => ({ media: write('cut.mp4', fs.readFileSync(media).subarray(0, 2000)) }), /cut\.mp4/],
    ['an unsupported extension', () => ({ media: write('doc.txt', 'hello') }), /doc\.txt.*unsupported/],
    ['a missing media file', () => ({ media: path.join(dir, 'nope.mp4') }), /nope\.mp4.*not found/],
    ['a VTT without header', () => ({ media, transcript: write('nohead.vtt', VTT.replace('WEBVTT\n', '')) }), /nohead\.vtt/],
    ['a malformed timestamp', () => ({ media, transcript: write('badts.vtt', VTT.replace('00:00:02.500', '00:0x:02.500')) }), /badts\.vtt:\d+/],
    ['a cue ending before it starts', () => ({ media, transcript: write('backwards.vtt', VTT.replace('00:00:04.500 --> 00:00:07.000', '00:00:07.000 --> 00:00:04.500')) }), /backwards\.vtt:\d+/],
    ['a cue after the end of the media', () => ({ media, transcript: write('late.vtt', VTT.replace('00:00:04.500 --> 00:00:07.000', '00:05:04.500 --> 00:05:07.000')) }), /late\.vtt.*after the end/],
    ['non-UTF-8 text', () => ({ media, transcript: write('latin1.vtt', Buffer.concat([Buffer.from(VTT.slice(0, 40)), Buffer.from([0xe9, 0xff]), Buffer.from(VTT.slice(40))])) }), /latin1\.vtt.*UTF-8/i],
  ];
  for (const [name, make, message] of bad) {
    it(`refuses ${name}, naming the file, and leaves the project unchanged`, async () => {
      const project = path.join(dir, `p-${name.replace(/\W+/g, '-')}`);
      const svc = createService(project);
      await svc.api.importRecording({ mediaPath: media, transcriptPath: write('base.vtt', VTT) });
      await svc.api.setLabel({ segmentId: (await svc.api.listSegments({}))[0].id, score: 1 });
      await svc.close();
      const before = snapshot(project);
      const input = make();
      const svc2 = createService(project);
      await expect(svc2.api.importRecording({ mediaPath: input.media, transcriptPath: input.transcript ?? null })).rejects.toThrow(message);
      await svc2.close();
      expect(snapshot(project)).toBe(before);
    });
  }
});

describe('labels and segment edits', () => {
  it('keeps append-only history, supports clear, split and merge', async () => {
    const project = path.join(dir, 'p-edit');
    const svc = createService(project);
    await svc.api.importRecording({ mediaPath: media, transcriptPath: write('e.vtt', VTT) });
    const [a, b] = await svc.api.listSegments({});
    await svc.api.setLabel({ segmentId: a.id, score: 2 });
    await svc.api.setLabel({ segmentId: a.id, score: -1, note: 'sarcastic' });
    await svc.api.clearLabel({ segmentId: a.id });
    await svc.api.setLabel({ segmentId: b.id, score: 0.5 });
    expect((await svc.api.labelHistory({ segmentId: a.id })).map((h) => h.score)).toEqual([2, -1, null]);
    expect((await svc.api.listLabels({})).map((l) => [l.segmentId, l.score])).toEqual([[b.id, 0.5]]);
    const [first, second] = await svc.api.splitSegment({ segmentId: b.id, atMs: 3200 });
    expect(first.id).toBe(b.id);
    expect([first.endMs, second.startMs, second.endMs]).toEqual([3200, 3200, 4000]);
    expect(`${first.text} ${second.text}`).toBe('Thanks, glad to be here.');
    await svc.api.setLabel({ segmentId: second.id, score: 1 });
    // Two different labels: the analyst decides which one the merged utterance has.
    await expect(svc.api.mergeSegments({ segmentId: b.id })).rejects.toThrow(/both segments are labelled/);
    await svc.api.clearLabel({ segmentId: second.id });
    const merged = await svc.api.mergeSegments({ segmentId: b.id });
    expect([merged.startMs, merged.endMs, merged.text]).toEqual([2500, 4000, 'Thanks, glad to be here.']);
    expect((await svc.api.listSegments({})).length).toBe(3);
    expect((await svc.api.listLabels({})).map((l) => [l.segmentId, l.score])).toEqual([[b.id, 0.5]]);
    // The swallowed segment's label events stay in the history.
    expect((await svc.api.labelHistory({ segmentId: second.id })).map((h) => h.score)).toEqual([1, null]);
    expect((await svc.api.projectInfo({})).labels).toBe(1);
    await expect(svc.api.splitSegment({ segmentId: b.id, atMs: 2510 })).rejects.toThrow(/inside/);
    await svc.close();
  });
});

describe('import without a transcript', () => {
  it('finds the utterances with voice activity detection', async () => {
    const project = path.join(dir, 'p-vad');
    const svc = createService(project);
    const res = await svc.api.importRecording({ mediaPath: path.resolve(__dirname, '../../../resources/sample/meeting.mp4') });
    // The sample has 12 utterances separated by about half a second of silence.
    expect(res.segments).toBeGreaterThanOrEqual(8);
    expect(res.segments).toBeLessThanOrEqual(16);
    const segs = await svc.api.listSegments({});
    expect(segs.every((s) => s.speaker === null && s.text === '' && s.endMs > s.startMs)).toBe(true);
    expect(segs[0].startMs).toBeLessThan(1500);
    await svc.close();
  });
});

describe('jobs', () => {
  it('reports a job whose work completed as done, even when the cancel came too late to stop it', async () => {
    const svc = createService(path.join(dir, 'p-jobs'));
    await svc.api.importRecording({ mediaPath: media, transcriptPath: write('j.vtt', VTT) });
    const out = path.join(dir, 'jobs.csv');
    const { jobId, done } = svc.jobs.start('export', { format: 'csv', outPath: out });
    svc.jobs.cancel(jobId);
    await done;
    expect(fs.existsSync(out)).toBe(true);
    expect((await svc.api.listJobs({})).find((j) => j.id === jobId)!.state).toBe('done');
    // Job parameters are checked against the contract (contract/jobs.ts) before any job starts:
    // no 'undefined' file in the working folder, no job row.
    const jobsBefore = (await svc.api.listJobs({})).length;
    await expect(dispatch(svc.api, 'startJob', { kind: 'export', params: { format: 'csv' } })).rejects.toThrow(/invalid startJob request: params\.outPath/);
    await expect(dispatch(svc.api, 'startJob', { kind: 'import', params: { mediaPath: 3 } })).rejects.toThrow(/params\.mediaPath/);
    await expect(dispatch(svc.api, 'startJob', { kind: 'tune', params: { epochs: '3' } })).rejects.toThrow(/params\.epochs/);
    expect(() => svc.jobs.start('analyze', JSON.parse('{"ep":"gpu"}'))).toThrow(/invalid analyze job params: ep/);
    expect((await svc.api.listJobs({})).length).toBe(jobsBefore);
    expect(fs.existsSync(path.join(process.cwd(), 'undefined'))).toBe(false);
    await svc.close();
  });
});
