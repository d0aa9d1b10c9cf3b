import { describe, expect, it } from 'vitest';
import { laneAt, layoutTracks, pickSegment, segmentLane } from './tracks';

describe('timeline lanes', () => {
  it('gives each speaker a lane in colour order, and other annotators a lane each after mine', () => {
    const l = layoutTracks({ speakers: ['Ada', 'Ben'], me: 'Ada', others: ['Ben', 'unknown'] });
    expect(l.tracks.map((t) => t.id)).toEqual(['ruler', 'speaker:Ada', 'speaker:Ben', 'waveform', 'text', 'audio', 'video', 'fused', 'labels', 'annotator:Ben', 'annotator:unknown']);
    expect(l.tracks.find((t) => t.id === 'labels')!.title).toBe('Ada (you)');
    expect(l.top.get('speaker:Ben')).toBe(24 + 22);
    expect(l.total).toBe(l.tracks.reduce((s, t) => s + t.height, 0));
    expect(laneAt(l, 24 + 22 + 5)!.speaker).toBe('Ben');
    expect(laneAt(l, l.total)).toBeNull();
    expect(segmentLane(l, 'Ben')!.id).toBe('speaker:Ben');
    expect(segmentLane(l, 'Cleo')).toBeNull();
  });

  it('puts every speaker in one lane when asked', () => {
    const l = layoutTracks({ speakers: null, me: null, others: [] });
    expect(l.tracks.map((t) => t.id)).toEqual(['ruler', 'segments', 'waveform', 'text', 'audio', 'video', 'fused', 'labels']);
    expect(segmentLane(l, 'Ben')!.id).toBe('segments');
    expect(l.key).not.toBe(layoutTracks({ speakers: ['Ada'], me: null, others: [] }).key);
  });

  it("picks the lane's speaker's segment where two people talk at once", () => {
    const segs = [
      { startMs: 0, endMs: 4000, speaker: 'Ada' },
      { startMs: 1000, endMs: 2000, speaker: 'Ben' },
    ];
    const l = layoutTracks({ speakers: ['Ada', 'Ben'], me: null, others: [] });
    expect(pickSegment(segs, 4000, 1500, l.tracks.find((t) => t.speaker === 'Ada')!)).toBe(0);
    expect(pickSegment(segs, 4000, 1500, l.tracks.find((t) => t.speaker === 'Ben')!)).toBe(1);
    expect(pickSegment(segs, 4000, 3000, l.tracks.find((t) => t.speaker === 'Ben')!)).toBe(-1);
    // Outside the speaker lanes: the later one covering the time.
    expect(pickSegment(segs, 4000, 1500, l.tracks.find((t) => t.id === 'fused')!)).toBe(1);
  });
});
