/** Several analysts on one project (issue 16): who labelled, and how far they agree. */
import { z } from 'zod';
import { Id, Score } from './schemas';

/** A project member's name as it is stored with each label event; 'unknown' for labels made before names. */
const hasControl = (s: string) => [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
export const AnnotatorName = z.string().trim().min(1).max(100).refine((s) => !hasControl(s), 'an annotator name has no control characters');
export const UNKNOWN_ANNOTATOR = 'unknown';

export const AnnotatorSummarySchema = z.object({ annotator: AnnotatorName, labels: z.number().int(), lastAt: z.string() });

const Figure = z.number().nullable();
const Ci = z.tuple([z.number(), z.number()]).nullable();
export const PairAgreementSchema = z.object({
  a: AnnotatorName,
  b: AnnotatorName,
  n: z.number().int(),
  pearson: Figure,
  ccc: Figure,
  mae: Figure,
  alpha: Figure,
  kappa: Figure,
  ci95: z.object({ pearson: Ci, ccc: Ci, mae: Ci, alpha: Ci, kappa: Ci }),
});

export const AgreementReportSchema = z.object({
  annotators: z.array(AnnotatorName),
  /** Segments with labels from at least two annotators. */
  items: z.number().int(),
  /** Krippendorff's alpha (interval) over every annotator and every segment labelled at least twice. */
  overallAlpha: Figure,
  pairs: z.array(PairAgreementSchema),
  /** Krippendorff's alpha (interval) over everyone, each recording on its own: `items` its segments labelled at least twice. */
  perRecording: z.array(z.object({ recordingId: Id, name: z.string(), items: z.number().int(), alpha: Figure })),
  disputed: z.array(z.object({ segmentId: Id, scores: z.record(z.string(), Score), range: z.number() })),
});

/**
 * Which label a segment has when several annotators labelled it, for tuning, exports and the queue:
 * the latest of anyone's (the default, and what a one-analyst project has always had), the mean or
 * the median of each annotator's own current label, or one annotator's.
 */
export const GoldRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('latest') }).strict(),
  z.object({ kind: z.literal('mean') }).strict(),
  z.object({ kind: z.literal('median') }).strict(),
  z.object({ kind: z.literal('annotator'), name: AnnotatorName }).strict(),
]);
export type GoldRule = z.infer<typeof GoldRuleSchema>;

/** The rule as the CLI argument and the view's selector spell it: latest, mean, median or annotator:NAME. */
export const goldRuleText = (r: GoldRule): string => (r.kind === 'annotator' ? `annotator:${r.name}` : r.kind);

/** The inverse of goldRuleText; null for text that names no rule. */
export function goldRuleFromText(t: string): GoldRule | null {
  if (t.startsWith('annotator:')) return { kind: 'annotator', name: t.slice('annotator:'.length) };
  return t === 'latest' || t === 'mean' || t === 'median' ? { kind: t } : null;
}

/** Whether the project labels blind: each analyst sees only their own labels (see contract.blindLabelling). */
export const BlindSchema = z.object({ blind: z.boolean() });
export type Blind = z.infer<typeof BlindSchema>;
