import { InputError } from '../../../shared/errors';
import type { Segment } from '../../../shared/types';
import { lineAtOffset } from '../transcripts/decode';
import { parseEafDocument, type EafAnnotation } from '../transcripts/eaf-doc';
import { EAF_SENTIMENT_TYPE } from '../transcripts/eaf';
import { parseScore } from './common';
import { EAF_MODEL_TYPE, EAF_PROP_RECORDING_ID, EAF_PROP_RECORDING_NAME, EAF_UTTERANCE_TYPE } from './eaf';
import { ANNOTATOR_TIER_PREFIX, LANE_SUFFIX } from './tiers';
import type { ImportedLabel, ReadBack } from './types';

/**
 * Reads an EAF written by exportEaf (or edited in ELAN since). Sentiment annotations are matched
 * to utterances by shared time slots, else by identical times. The labels are the gold sentiment
 * tiers' (not the per-annotator `sentiment:NAME` ones), or with `tier` that tier's and its lanes'
 * (of any type: a foreign file's tier of numbers too); the model's tiers are passed over.
 */
export function readEafExport(file: string, text: string, fallbackRecordingId = 'recording', tier?: string): ReadBack {
  const doc = parseEafDocument(file, text);
  const isLabels = (t: { id: string; type: string }) => (tier !== undefined ? t.id.replace(LANE_SUFFIX, '') === tier : t.type === EAF_SENTIMENT_TYPE && !t.id.startsWith(ANNOTATOR_TIER_PREFIX));
  if (tier !== undefined && !doc.tiers.some((t) => !t.parent && isLabels(t))) {
    throw new InputError(file, `no tier named "${tier}" (tiers: ${doc.tiers.map((t) => t.id).join(', ')})`);
  }
  const recordingId = doc.properties.get(EAF_PROP_RECORDING_ID) || fallbackRecordingId;
  const recordingName = doc.properties.get(EAF_PROP_RECORDING_NAME) || recordingId;
  const utterances: { ann: EafAnnotation; seg: Segment }[] = [];
  const scores: EafAnnotation[] = [];
  let n = 0;
  for (const t of doc.tiers) {
    if (t.parent) continue;
    for (const a of t.annotations) {
      if (a.kind !== 'alignable') continue;
      if (isLabels(t)) {
        scores.push(a);
        continue;
      }
      if (t.type === EAF_SENTIMENT_TYPE || t.type === EAF_MODEL_TYPE) continue;
      n++;
      const id = a.id.startsWith('seg_') ? a.id.slice(4) : `${recordingId}:${n}`;
      const speaker = t.type === EAF_UTTERANCE_TYPE ? t.participant : (t.participant ?? t.id);
      utterances.push({ ann: a, seg: { id, recordingId, startMs: a.startMs, endMs: a.endMs, speaker, text: a.value } });
    }
  }
  const bySlots = new Map(utterances.map((u) => [`${u.ann.slot1}|${u.ann.slot2}`, u]));
  const taken = new Set<string>();
  const labels: ImportedLabel[] = [];
  const lineOf = (a: EafAnnotation) => {
    const i = text.indexOf(`ANNOTATION_ID="${a.id}"`);
    return i < 0 ? undefined : lineAtOffset(text, i);
  };
  for (const a of scores) {
    let u = bySlots.get(`${a.slot1}|${a.slot2}`);
    if (!u || taken.has(u.seg.id)) u = utterances.find((x) => !taken.has(x.seg.id) && x.seg.startMs === a.startMs && x.seg.endMs === a.endMs);
    if (!u) throw new InputError(file, `sentiment annotation "${a.id}" (${a.startMs}-${a.endMs} ms) matches no utterance`, lineOf(a));
    taken.add(u.seg.id);
    labels.push({ segmentId: u.seg.id, score: parseScore(file, a.value, lineOf(a), `sentiment annotation "${a.id}": `), note: null, updatedAt: null });
  }
  const segments = utterances.map((u) => u.seg).sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  return { recordings: [{ id: recordingId, name: recordingName }], segments, labels };
}
