import { z } from 'zod';
import { InputError } from '../../../shared/errors';
import type { Segment } from '../../../shared/types';
import { parseVttDocument } from '../transcripts/vtt';
import { formatScore, singleTimeline } from './common';
import type { ExportData, ExportOptions, ImportedLabel, ReadBack } from './types';

/**
 * WebVTT with `<v Speaker>` voice spans; the cue id is the segment id. Labels ride in a NOTE block
 * just before their cue ("NOTE attune-label {json}"), and the recording in one after the header:
 * players ignore NOTEs, and a NOTE keeps the score out of the displayed text. WebVTT cannot hold a
 * blank line inside a cue, so runs of blank lines in segment text collapse to one line break.
 */
const LABEL_TAG = 'attune-label';
const REC_TAG = 'attune-recording';

const LabelNote = z.object({ segmentId: z.string(), score: z.number().min(-3).max(3), note: z.string().nullable(), updatedAt: z.string().nullable() });
const RecNote = z.object({ id: z.string().min(1), name: z.string() });

function clock(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
// JSON with '<' and '>' escaped can never contain "-->", which would end a NOTE.
const noteJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e');

function cueIdOk(id: string): boolean {
  return id !== '' && !id.includes('-->') && !/[\r\n]/.test(id) && !/^(NOTE|STYLE|REGION)(\s|$)/.test(id) && id.trim() === id;
}

export function exportVtt(data: ExportData, options?: ExportOptions): string {
  const { recording, segments } = singleTimeline('WebVTT', data, options);
  const out = ['WEBVTT', ''];
  if (recording) out.push(`NOTE ${REC_TAG} ${noteJson({ id: recording.id, name: recording.name })}`, '');
  for (const s of segments) {
    if (s.label) out.push(`NOTE ${LABEL_TAG} ${noteJson({ segmentId: s.id, score: Number(formatScore(s.label.score)), note: s.label.note, updatedAt: s.label.updatedAt })}`, '');
    if (cueIdOk(s.id)) out.push(s.id);
    out.push(`${clock(s.startMs)} --> ${clock(s.endMs)}`);
    const text = s.text.split(/\r\n|\r|\n/).map((l) => l.trim()).filter((l) => l !== '').map(esc).join('\n');
    // A voice annotation ends at the line; a speaker name with a line break keeps its words.
    const voice = s.speaker !== null ? `<v ${esc(s.speaker.replace(/\s+/g, ' '))}>` : '';
    out.push(`${voice}${text}`, '');
  }
  return out.join('\n');
}

export function readVttExport(file: string, text: string, fallbackRecordingId = 'recording'): ReadBack {
  const doc = parseVttDocument(file, text);
  let recording = { id: fallbackRecordingId, name: fallbackRecordingId };
  const parseNote = <T>(schema: z.ZodType<T>, body: string, line: number, tag: string): T => {
    let v: unknown;
    try {
      v = JSON.parse(body.slice(tag.length).trim());
    } catch (e) {
      throw new InputError(file, `malformed ${tag} NOTE: ${(e as Error).message}`, line);
    }
    const r = schema.safeParse(v);
    if (!r.success) throw new InputError(file, `malformed ${tag} NOTE: ${r.error.issues[0].path.join('.')} ${r.error.issues[0].message}`, line);
    return r.data;
  };
  for (const n of doc.notes) if (n.text.startsWith(REC_TAG)) recording = parseNote(RecNote, n.text, n.line, REC_TAG);
  for (const c of doc.cues) if (c.endMs < c.startMs) throw new InputError(file, 'cue ends before it starts', c.line);
  const segments: Segment[] = doc.cues.map((c, i) => ({
    id: c.id ?? `${recording.id}:${i + 1}`,
    recordingId: recording.id,
    startMs: c.startMs,
    endMs: c.endMs,
    speaker: c.speaker,
    text: c.text,
  }));
  const labels: ImportedLabel[] = [];
  for (const n of doc.notes) {
    if (!n.text.startsWith(LABEL_TAG)) continue;
    const l = parseNote(LabelNote, n.text, n.line, LABEL_TAG);
    const seg = segments[n.beforeCue];
    if (!seg) throw new InputError(file, 'label NOTE is not followed by a cue', n.line);
    if (doc.cues[n.beforeCue].id !== null && seg.id !== l.segmentId) {
      throw new InputError(file, `label NOTE is for segment "${l.segmentId}" but the next cue is "${seg.id}"`, n.line);
    }
    labels.push({ ...l, segmentId: seg.id });
  }
  return { recordings: [recording], segments, labels };
}
