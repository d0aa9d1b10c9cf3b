import { z } from 'zod';
import { InputError } from '../../../shared/errors';
import type { Cue } from '../../../shared/types';
import { LanguageSchema } from '../../../shared/text/language';
import { checkShape } from '../transcripts/json-text';
import { finishCues } from '../transcripts/cues';
import { sortSegments } from './common';
import { segmentScores } from './scores';
import type { ExportData, ReadBack } from './types';

/**
 * The JSON export, one self-describing object:
 * {
 *   "format": "attune-labels", "version": 1, "exportedAt": ISO time,
 *   "recordings": [{ "id", "name", "mediaPath", "durationMs", "language" (en|ja) }],
 *   "segments":   [{ "id", "recordingId", "startMs", "endMs", "speaker" (null if unknown), "text" }],
 *   "labels":     [{ "segmentId", "score" in [-3, 3], "note" (or null), "updatedAt" ISO time }],
 *   "predictions" (only when the export includes the model's scores):
 *                 [{ "segmentId", "modelVersion", "confidence",
 *                    "heads": { "fused"|"text"|"voice"|"face": { "score", "sd", "lo80", "hi80" } or null } }]
 *   "annotatorLabels" (only when the export includes every annotator; `labels` stay the gold ones):
 *                 [{ "annotator", "segmentId", "score", "note" (or null), "updatedAt" }]
 * }
 * Times are integer ms. Labels are current labels only (history stays in the project).
 */
export const ATTUNE_JSON_FORMAT = 'attune-labels';

const Ms = z.number().int().min(0);
const Doc = z.object({
  format: z.literal(ATTUNE_JSON_FORMAT),
  version: z.literal(1),
  exportedAt: z.string().optional(),
  recordings: z.array(z.object({ id: z.string().min(1), name: z.string(), mediaPath: z.string().optional(), durationMs: Ms.optional(), language: LanguageSchema.optional() })),
  segments: z.array(z.object({ id: z.string().min(1), recordingId: z.string().min(1), startMs: Ms, endMs: Ms, speaker: z.string().nullable(), text: z.string() })),
  labels: z.array(z.object({ segmentId: z.string().min(1), score: z.number().min(-3).max(3), note: z.string().nullable(), updatedAt: z.string().nullable() })),
  annotatorLabels: z.array(z.object({ annotator: z.string().min(1), segmentId: z.string().min(1), score: z.number().min(-3).max(3), note: z.string().nullable(), updatedAt: z.string().nullable() })).optional(),
  predictions: z.array(z.object({ segmentId: z.string().min(1), modelVersion: z.string(), confidence: z.number(), heads: z.record(z.string(), z.object({ score: z.number(), sd: z.number().nullable(), lo80: z.number().nullable(), hi80: z.number().nullable() }).nullable()) })).optional(),
});

export function exportJson(data: ExportData): string {
  const segments = sortSegments(data.segments);
  const doc: z.infer<typeof Doc> = {
    format: ATTUNE_JSON_FORMAT,
    version: 1,
    exportedAt: data.exportedAt ?? new Date().toISOString(),
    recordings: data.recordings.map((r) => ({ id: r.id, name: r.name, mediaPath: r.mediaPath, durationMs: r.durationMs, language: r.language })),
    segments: segments.map((s) => ({ id: s.id, recordingId: s.recordingId, startMs: s.startMs, endMs: s.endMs, speaker: s.speaker, text: s.text })),
    labels: segments.filter((s) => s.label).map((s) => ({ segmentId: s.id, score: s.label!.score, note: s.label!.note, updatedAt: s.label!.updatedAt })),
  };
  if (data.annotators) {
    doc.annotatorLabels = data.annotators.flatMap(({ annotator, labels }) =>
      segments.flatMap((s) => {
        const l = labels.get(s.id);
        return l ? [{ annotator, segmentId: s.id, score: l.score, note: l.note, updatedAt: l.updatedAt }] : [];
      }),
    );
  }
  if (data.predictions) {
    const preds = data.predictions;
    doc.predictions = segments.flatMap((s) => {
      const p = preds.get(s.id);
      return p ? [{ segmentId: s.id, ...segmentScores(p) }] : [];
    });
  }
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function isAttuneJson(value: unknown): boolean {
  return !!value && typeof value === 'object' && (value as { format?: unknown }).format === ATTUNE_JSON_FORMAT;
}

/** `annotator`: the labels are that annotator's of `annotatorLabels`; default `labels`, the gold ones. */
export function readJsonExport(file: string, value: unknown, annotator?: string): ReadBack {
  const doc = checkShape(file, Doc, value, 'Attune label JSON');
  const ids = new Set<string>();
  for (const [i, s] of doc.segments.entries()) {
    if (ids.has(s.id)) throw new InputError(file, `segments[${i}]: duplicate segment id "${s.id}"`);
    if (s.endMs < s.startMs) throw new InputError(file, `segments[${i}]: segment ends before it starts`);
    ids.add(s.id);
  }
  for (const [i, l] of doc.labels.entries()) {
    if (!ids.has(l.segmentId)) throw new InputError(file, `labels[${i}]: label for unknown segment "${l.segmentId}"`);
  }
  let labels: ReadBack['labels'] = doc.labels;
  if (annotator !== undefined) {
    const all = doc.annotatorLabels ?? [];
    if (!all.some((l) => l.annotator === annotator)) throw new InputError(file, `no labels of annotator "${annotator}" (annotatorLabels has ${[...new Set(all.map((l) => l.annotator))].join(', ') || 'none'})`);
    labels = all.filter((l) => l.annotator === annotator).map(({ segmentId, score, note, updatedAt }) => ({ segmentId, score, note, updatedAt }));
    for (const l of labels) if (!ids.has(l.segmentId)) throw new InputError(file, `annotatorLabels: label for unknown segment "${l.segmentId}"`);
  }
  return { recordings: doc.recordings.map((r) => ({ id: r.id, name: r.name })), segments: doc.segments, labels };
}

/** Our JSON export used as a transcript: its segments become cues (one recording only). */
export function cuesFromAttuneJson(file: string, value: unknown): Cue[] {
  const rb = readJsonExport(file, value);
  const recs = new Set(rb.segments.map((s) => s.recordingId));
  if (recs.size > 1) throw new InputError(file, `holds segments of ${recs.size} recordings; a transcript is for one recording`);
  return finishCues(file, rb.segments.map((s, i) => ({ ...s, place: `segments[${i}]` })));
}
