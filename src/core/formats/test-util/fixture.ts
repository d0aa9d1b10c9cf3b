import type { LabelledSegment, Recording } from '../../../shared/types';
import type { ExportData } from '../exports/types';

export function recording(id: string, name: string, mediaPath: string, durationMs: number): Recording {
  return { id, name, mediaPath, transcriptPath: null, durationMs, startOffsetMs: 0, hasVideo: true, hasAudio: true, width: 1280, height: 720, importedAt: '2026-11-26T10:00:00.000Z', language: 'en' };
}

function seg(id: string, recordingId: string, startMs: number, endMs: number, speaker: string | null, text: string, score?: number, note: string | null = null): LabelledSegment {
  return { id, recordingId, startMs, endMs, speaker, text, label: score === undefined ? null : { segmentId: id, score, note, updatedAt: `2026-11-26T11:00:${String(startMs % 60).padStart(2, '0')}.000Z` } };
}

/**
 * One meeting with the awkward cases an export must survive: overlapping speakers, one speaker
 * overlapping herself, no speaker, a speaker called "sentiment", markup-like and quoted text,
 * multi-line text, a "Name: " prefix inside text, ids that are not XML names, scores 0 and ±3.
 */
export function meeting(mediaPath: string): ExportData {
  const r = recording('rec-1', 'Board meeting ü.mp4', mediaPath, 60_000);
  return {
    recordings: [r],
    exportedAt: '2026-11-26T12:00:00.000Z',
    segments: [
      seg('s1', r.id, 0, 1500, 'Alice', 'Hello, everyone — welcome.', 1.5, 'warm --> open'),
      seg('s2', r.id, 1500, 4000, 'Bob', 'He said "no" & <left> --> fast', -2.25, 'note with "quotes", commas\nand a newline'),
      seg('s3', r.id, 3000, 5000, 'Alice', 'Overlap, line one\nline two'),
      seg('s4', r.id, 4500, 6000, 'Alice', 'Same speaker overlap', 0),
      seg('s5', r.id, 7000, 8000, null, 'No speaker here', 3),
      seg('s6', r.id, 8000, 9000, 'sentiment', 'tricky name', -3),
      seg('seg 7:x', r.id, 9000, 9500, 'Carol #2', 'id with spaces', 0.1),
      seg('s8', r.id, 9500, 10_000, 'Alice', 'Note: zoom-like text'),
    ],
  };
}

/** A second recording, for formats that hold several. */
export function twoMeetings(mediaPath: string): ExportData {
  const a = meeting(mediaPath);
  const r2 = recording('rec-2', 'standup.wav', mediaPath.replace(/[^/]*$/, 'standup.wav'), 5_000);
  return {
    ...a,
    recordings: [...a.recordings, r2],
    segments: [...a.segments, seg('t1', r2.id, 100, 900, 'Dee', 'Quick update', -0.5), seg('t2', r2.id, 1000, 2000, 'Dee', 'Nothing else')],
  };
}
