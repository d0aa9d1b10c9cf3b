/** Split and merge of Japanese text (issue 15, item 4): no spaces to cut at or to add. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createService } from './index';
import { insertRecording } from '../store/recordings';
import { insertSegments } from '../store/segments';
import { splitText } from './segment-edits';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('splitText', () => {
  it('cuts Japanese between words near the fraction, every character kept', () => {
    const text = '今日は新しいプランについて話します。価格はいかがですか？';
    const [a, b] = splitText(text, 0.5);
    expect(a + b).toBe(text);
    expect(a.length).toBeGreaterThan(8);
    expect(b.length).toBeGreaterThan(8);
    // Never a cut before punctuation: the first half does not leave 。 or ？ to the second.
    expect(b).not.toMatch(/^[。、！？]/);
  });
  it('cuts at the sentence end when that is the nearest word boundary', () => {
    expect(splitText('はい、そうです。価格は高いです。', 0.5)).toEqual(['はい、そうです。', '価格は高いです。']);
  });
  it('English as before: at the word start nearest the fraction, spaces at the cut dropped', () => {
    expect(splitText('one two three four', 0.5)).toEqual(['one two', 'three four']);
    expect(splitText('single', 0.5)).toEqual(['single', '']);
  });
});

describe('merge of Japanese segments', () => {
  it('joins with nothing between, and split brings the two texts back', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-ja-edits-'));
    dirs.push(dir);
    const svc = createService(dir);
    try {
      insertRecording(svc.db, { id: 'rec-1', name: 'r', mediaPath: '/dev/null', transcriptPath: null, durationMs: 60_000, startOffsetMs: 0, hasVideo: false, hasAudio: true, width: null, height: null, importedAt: new Date().toISOString(), language: 'ja' }, {});
      insertSegments(svc.db, [
        { id: 's1', recordingId: 'rec-1', startMs: 1000, endMs: 2000, speaker: '田中', text: 'はい、そうです。' },
        { id: 's2', recordingId: 'rec-1', startMs: 2000, endMs: 3000, speaker: '田中', text: '価格は高いです。' },
      ]);
      const merged = await svc.api.mergeSegments({ segmentId: 's1' });
      expect(merged.text).toBe('はい、そうです。価格は高いです。');
      const [a, b] = await svc.api.splitSegment({ segmentId: 's1', atMs: 2000 });
      expect([a.text, b.text]).toEqual(['はい、そうです。', '価格は高いです。']);
    } finally {
      await svc.close();
    }
  });
});
