/**
 * Import = probe the media, parse the transcript (or find speech with VAD), cut segments, then
 * write recording + segments in ONE transaction. Anything that fails before the transaction
 * leaves the project exactly as it was.
 */
import path from 'node:path';
import type { Recording, Segment } from '../../shared/types';
import { InputError } from '../../shared/errors';
import { probeMedia, type MediaInfo } from '../media/probe';
import { cuesToSegments, type DraftSegment } from '../segmentation/cues-to-segments';
import { parseTranscript } from '../formats/transcripts';
import type { Db } from '../store/db';
import { nowIso } from '../store/db';
import { insertRecording } from '../store/recordings';
import { insertSegments } from '../store/segments';
import { newId } from '../store/ids';
import { realRegularFile } from '../store/input-path';
import { insertBatchRecording } from '../store/batch';
import { applySpeakerMap, type SpeakerMap, type SpeakerMapSource } from '../formats/speaker-map';
import { contentHash } from './content-key';
import { detectLanguage, type Language } from '../../shared/text/language';

export interface ImportOptions {
  signal?: AbortSignal;
  onProgress?: (stage: string, done: number, total: number) => void;
  /**
   * A batch's content key (content-key.ts, hashed before its job): stored as the batch's, and a
   * second import of the same content throws. Without it the import hashes the content itself and
   * stores it as `attune import`'s, so a later batch of the same files reuses this recording.
   */
  contentKey?: string;
  /** A manifest's speaker map (formats/speaker-map.ts): the transcript's labels renamed at import. */
  speakerMap?: { map: SpeakerMap; at: SpeakerMapSource };
  /** The recording's language; omitted, it is detected from the transcript's text (no text: 'en'). */
  language?: Language;
}

export async function importRecording(db: Db, mediaPath: string, transcriptPath: string | null, opts: ImportOptions = {}): Promise<{ recordingId: string; segments: number }> {
  // The real path is what the host and the app later serve, and only while it stays the real path.
  const media = realRegularFile(mediaPath, 'media file');
  opts.onProgress?.('probe', 0, 1);
  const info = await probeMedia(media);
  const transcript = transcriptPath ? realRegularFile(transcriptPath, 'transcript file') : null;
  if (opts.speakerMap && !transcript) throw new InputError(opts.speakerMap.at.file, `a speaker map for ${media}, which has no transcript to name speakers in`, opts.speakerMap.at.line);
  let drafts: DraftSegment[];
  if (transcript) {
    opts.onProgress?.('parse transcript', 0, 1);
    let cues = await parseTranscript(transcript);
    // Before segmentation, so two labels mapped to one person are one speaker there too.
    if (opts.speakerMap) cues = applySpeakerMap(cues, opts.speakerMap.map, opts.speakerMap.at, transcript);
    const late = cues.find((c) => c.startMs >= info.durationMs + 1000);
    if (late) throw new InputError(transcript, `cue starts at ${late.startMs} ms, after the end of the media (${info.durationMs} ms)`, late.line);
    drafts = cuesToSegments(cues).map((d) => ({ ...d, endMs: Math.min(d.endMs, Math.max(info.durationMs, d.startMs + 1)) }));
  } else {
    drafts = await speechRegions(info, opts);
  }
  const recording: Recording = {
    id: newId('rec-'),
    name: path.basename(mediaPath),
    mediaPath: media,
    transcriptPath: transcript,
    durationMs: info.durationMs,
    startOffsetMs: info.startOffsetMs,
    hasVideo: info.hasVideo,
    hasAudio: info.hasAudio,
    width: info.width,
    height: info.height,
    importedAt: nowIso(),
    language: opts.language ?? detectLanguage(drafts.map((d) => d.text).join('\n')),
  };
  const segments: Segment[] = drafts.map((d) => ({ id: newId('seg-'), recordingId: recording.id, ...d }));
  // A few seconds for an hour of video, beside a decode of all of it: every import keys its content.
  const key = opts.contentKey ?? (await contentHash(media, transcript));
  opts.onProgress?.('store', 0, 1);
  db.transaction(() => {
    insertRecording(db, recording, info);
    insertSegments(db, segments);
    insertBatchRecording(db, key, recording.id, media, transcript, opts.contentKey ? 'batch' : 'import');
  })();
  opts.onProgress?.('store', 1, 1);
  return { recordingId: recording.id, segments: segments.length };
}

/** Without a transcript, Silero VAD over the decoded audio gives the utterance regions. */
async function speechRegions(info: MediaInfo, opts: ImportOptions): Promise<DraftSegment[]> {
  if (!info.hasAudio) throw new InputError(info.path, 'no transcript given and the media has no audio to find speech in');
  opts.onProgress?.('decode audio', 0, 1);
  const { decodeAudio } = await import('../media/extract');
  const pcm = await decodeAudio(info, opts.signal);
  opts.onProgress?.('voice activity', 0, 1);
  const { detectSpeech } = await import('../segmentation/vad');
  const regions = await detectSpeech(pcm, {});
  return regions.map((r: { startMs: number; endMs: number }) => ({ startMs: r.startMs, endMs: r.endMs, speaker: null, text: '' }));
}
