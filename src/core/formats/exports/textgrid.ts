import { InputError } from '../../../shared/errors';
import type { LabelledSegment, Segment } from '../../../shared/types';
import { parseTextGridDocument } from '../transcripts/textgrid-doc';
import { secondsToMs } from '../transcripts/cues';
import { assignLanes, formatScore, parseScore, singleTimeline } from './common';
import { ANNOTATOR_TIER_PREFIX, annotatorTiers, GOLD_TIER, LANE_SUFFIX, MODEL_TIER_PREFIX, modelTiers } from './tiers';
import type { ExportData, ExportOptions, ImportedLabel, ReadBack } from './types';

/**
 * Praat TextGrid, long text format. One interval tier per speaker and a `sentiment` tier of
 * scores; Praat needs each tier to cover [xmin, xmax] without gaps or overlaps, so gaps become
 * empty intervals and a speaker's overlapping segments spill into "Name #2". Tier names are all a
 * TextGrid has, so they encode the speaker: "(no speaker)" is null, and a speaker whose own name
 * would read as one of these conventions gets " [speaker]" appended. Zero-length segments cannot
 * exist in a TextGrid and are left out; empty-text segments are indistinguishable from gaps.
 * With every annotator, a `sentiment:NAME` tier each; with the model's scores, `model:fused`,
 * `model:fused 80%`, …, `model:confidence` (tiers.ts; a TextGrid has no place for the version).
 */
export const TG_NO_SPEAKER = '(no speaker)';
const SPEAKER_MARK = ' [speaker]';
const LANE = LANE_SUFFIX;
/** Tier names that are not speakers': a speaker called so gets SPEAKER_MARK. */
const reserved = (name: string) => name === GOLD_TIER || name === TG_NO_SPEAKER || name.startsWith(ANNOTATOR_TIER_PREFIX) || name.startsWith(MODEL_TIER_PREFIX);

function speakerTierName(speaker: string | null, lane: number): string {
  let base = speaker ?? TG_NO_SPEAKER;
  if (speaker !== null && (reserved(speaker) || LANE.test(speaker) || speaker.endsWith(SPEAKER_MARK))) base += SPEAKER_MARK;
  return lane === 0 ? base : `${base} #${lane + 1}`;
}

type TierKind = { kind: 'sentiment' } | { kind: 'other' } | { kind: 'speaker'; speaker: string | null };

function decodeTierName(name: string): TierKind {
  const base = name.replace(LANE, '');
  if (base.endsWith(SPEAKER_MARK)) return { kind: 'speaker', speaker: base.slice(0, -SPEAKER_MARK.length) };
  if (base === GOLD_TIER) return { kind: 'sentiment' };
  // An annotator's or the model's: labels only when asked for by name.
  if (base.startsWith(ANNOTATOR_TIER_PREFIX) || base.startsWith(MODEL_TIER_PREFIX)) return { kind: 'other' };
  if (base === TG_NO_SPEAKER) return { kind: 'speaker', speaker: null };
  return { kind: 'speaker', speaker: base };
}

const sec = (ms: number) => String(ms / 1000);
const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

export function exportTextGrid(data: ExportData, options?: ExportOptions): string {
  const { recording, segments: all } = singleTimeline('TextGrid', data, options);
  const segments = all.filter((s) => s.endMs > s.startMs);
  const xmaxMs = segments.reduce((m, s) => Math.max(m, s.endMs), Math.max(recording?.durationMs ?? 0, 1));
  const tiers: { name: string; items: { s: LabelledSegment; text: string }[] }[] = [];
  for (const sp of [...new Set(segments.map((s) => s.speaker))]) {
    assignLanes(segments.filter((s) => s.speaker === sp)).forEach((lane, i) => tiers.push({ name: speakerTierName(sp, i), items: lane.map((s) => ({ s, text: s.text })) }));
  }
  assignLanes(segments.filter((s) => s.label)).forEach((lane, i) =>
    tiers.push({ name: i === 0 ? 'sentiment' : `sentiment #${i + 1}`, items: lane.map((s) => ({ s, text: formatScore(s.label!.score) })) }),
  );
  for (const t of [...annotatorTiers(data, segments), ...modelTiers(data, segments)]) tiers.push({ name: t.name, items: t.items });
  // Praat cannot hold a TextGrid without tiers.
  if (tiers.length === 0) tiers.push({ name: TG_NO_SPEAKER, items: [] });
  const out = ['File type = "ooTextFile"', 'Object class = "TextGrid"', '', 'xmin = 0', `xmax = ${sec(xmaxMs)}`, 'tiers? <exists>', `size = ${tiers.length}`, 'item []:'];
  tiers.forEach((tier, t) => {
    const intervals: [number, number, string][] = [];
    let at = 0;
    for (const { s, text } of tier.items) {
      if (s.startMs > at) intervals.push([at, s.startMs, '']);
      intervals.push([s.startMs, s.endMs, text]);
      at = s.endMs;
    }
    if (at < xmaxMs) intervals.push([at, xmaxMs, '']);
    out.push(`    item [${t + 1}]:`, '        class = "IntervalTier"', `        name = ${quote(tier.name)}`, '        xmin = 0', `        xmax = ${sec(xmaxMs)}`, `        intervals: size = ${intervals.length}`);
    intervals.forEach(([a, b, text], i) => out.push(`        intervals [${i + 1}]:`, `            xmin = ${sec(a)}`, `            xmax = ${sec(b)}`, `            text = ${quote(text)}`));
  });
  return `${out.join('\n')}\n`;
}

/** `tier`: the labels are that tier's (and its lanes'), e.g. "sentiment:Ada"; default the gold `sentiment` tiers. */
export function readTextGridExport(file: string, text: string, recordingId = 'recording', tierName?: string): ReadBack {
  const tg = parseTextGridDocument(file, text);
  if (tierName !== undefined && !tg.tiers.some((t) => t.kind === 'interval' && t.name.replace(LANE, '') === tierName)) {
    throw new InputError(file, `no interval tier named "${tierName}" (tiers: ${tg.tiers.map((t) => t.name).join(', ')})`);
  }
  const segments: Segment[] = [];
  const scores: { startMs: number; endMs: number; value: string; line: number }[] = [];
  for (const tier of tg.tiers) {
    if (tier.kind !== 'interval') continue;
    const kind = decodeTierName(tier.name);
    const labels = tierName !== undefined ? tier.name.replace(LANE, '') === tierName : kind.kind === 'sentiment';
    if (!labels && kind.kind !== 'speaker') continue;
    for (const iv of tier.intervals) {
      if (iv.text.trim() === '') continue;
      const startMs = secondsToMs(iv.xmin);
      const endMs = secondsToMs(iv.xmax);
      if (labels) scores.push({ startMs, endMs, value: iv.text, line: iv.line });
      else if (kind.kind === 'speaker') segments.push({ id: '', recordingId, startMs, endMs, speaker: kind.speaker, text: iv.text });
    }
  }
  segments.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  segments.forEach((s, i) => (s.id = `${recordingId}:${i + 1}`));
  // Scores attach to the utterance with the same times; equal times are taken in order.
  const byTimes = new Map<string, Segment[]>();
  for (const s of segments) byTimes.set(`${s.startMs}|${s.endMs}`, [...(byTimes.get(`${s.startMs}|${s.endMs}`) ?? []), s]);
  const labels: ImportedLabel[] = scores.map((sc) => {
    const seg = byTimes.get(`${sc.startMs}|${sc.endMs}`)?.shift();
    if (!seg) throw new InputError(file, `sentiment interval ${sc.startMs}-${sc.endMs} ms matches no utterance`, sc.line);
    return { segmentId: seg.id, score: parseScore(file, sc.value, sc.line), note: null, updatedAt: null };
  });
  return { recordings: [{ id: recordingId, name: recordingId }], segments, labels };
}
