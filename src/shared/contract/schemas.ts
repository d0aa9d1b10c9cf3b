import { z } from 'zod';
import { LanguageSchema } from '../text/language';

export const Id = z.string().min(1).max(200);
export const Ms = z.number().int().min(0);
/** The analyst's score: -3 (very negative) .. +3 (very positive). */
export const SCORE_MIN = -3;
export const SCORE_MAX = 3;
export const Score = z.number().min(SCORE_MIN).max(SCORE_MAX);

export const RecordingSchema = z.object({
  id: Id,
  name: z.string(),
  mediaPath: z.string(),
  transcriptPath: z.string().nullable(),
  durationMs: Ms,
  /** Container start offset (ffprobe format.start_time), ms. */
  startOffsetMs: z.number().int(),
  hasVideo: z.boolean(),
  hasAudio: z.boolean(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  importedAt: z.string(),
  /** Set at import or detected from the transcript (shared/text/language.ts); decides the text path. */
  language: LanguageSchema,
});

export const SegmentSchema = z.object({
  id: Id,
  recordingId: Id,
  startMs: Ms,
  endMs: Ms,
  speaker: z.string().nullable(),
  text: z.string(),
});

export const LabelSchema = z.object({
  segmentId: Id,
  score: Score,
  note: z.string().nullable(),
  updatedAt: z.string(),
});

export const LabelHistoryEntrySchema = z.object({
  seq: z.number().int(),
  segmentId: Id,
  score: Score.nullable(),
  note: z.string().nullable(),
  at: z.string(),
});

export const ModalityScoresSchema = z.object({
  text: z.number(),
  audio: z.number(),
  video: z.number(),
  fused: z.number(),
});

export const PredictionSchema = z.object({
  segmentId: Id,
  startMs: Ms,
  endMs: Ms,
  speaker: z.string().nullable(),
  text: z.string(),
  scores: ModalityScoresSchema,
  spread: z.object({ text: z.number().nullable(), audio: z.number().nullable(), video: z.number().nullable(), fused: z.number().nullable() }),
  confidence: z.number(),
  modelVersion: z.string(),
  present: z.object({ text: z.boolean(), audio: z.boolean(), video: z.boolean() }).optional(),
});

export const ExportFormatSchema = z.enum(['csv', 'json', 'eaf', 'textgrid', 'vtt', 'mmsa']);
export const ProviderSchema = z.enum(['auto', 'cpu', 'cuda', 'webgpu']);

export const JobKindSchema = z.enum(['import', 'analyze', 'tune', 'export']);
export const JobStateSchema = z.enum(['queued', 'running', 'done', 'failed', 'cancelled']);
/** What every job reports as it goes; jobs.ts adds each kind's typed result (JobSchema). */
export const JobBaseSchema = z.object({
  id: Id,
  kind: JobKindSchema,
  state: JobStateSchema,
  stage: z.string(),
  done: z.number(),
  total: z.number(),
  etaMs: z.number().nullable(),
  message: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Free-form numbers a job reports as it goes (epoch, loss, ...). */
  metrics: z.record(z.string(), z.number()).default({}),
});

/** The unimodal heads; the fused one is never trained on its own. */
export const UnimodalHeadSchema = z.enum(['text', 'audio', 'video']);
export type UnimodalHead = z.infer<typeof UnimodalHeadSchema>;

export const ModelVersionSchema = z.object({
  id: Id,
  createdAt: z.string(),
  parent: z.string().nullable(),
  active: z.boolean(),
  source: z.string(),
  metrics: z.record(z.string(), z.number()),
  /** The unimodal heads trained on real labelled data; the others must not steer the queue and are shown as untrained. */
  trainedHeads: z.array(UnimodalHeadSchema),
  /** What each head was trained on, in words, where the version says (the shipped pack's notes). */
  headNotes: z.object({ text: z.string(), audio: z.string(), video: z.string(), fused: z.string() }).partial(),
  config: z.record(z.string(), z.unknown()),
  dataSummary: z.record(z.string(), z.unknown()),
});

export const QueueItemSchema = z.object({
  segmentId: Id,
  priority: z.number(),
  reason: z.string(),
});

/** A label as an undo entry records it: the score and note it had, or null for none. */
const LabelValueSchema = z.object({ score: Score, note: z.string().max(10_000).nullable() }).strict().nullable();
const BoundsSchema = z.object({ startMs: Ms, endMs: Ms }).strict();

/**
 * One analyst command as the undo history keeps it: data, not code, so the history is stored with
 * the project and outlives a reload (renderer/state/edits.ts turns each back into its undo and redo).
 */
export const EditCommandSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('label'), segmentId: Id, before: LabelValueSchema, after: LabelValueSchema }).strict(),
  z.object({ kind: z.literal('split'), first: Id, second: Id, atMs: Ms }).strict(),
  z.object({ kind: z.literal('merge'), first: Id, second: Id }).strict(),
  z.object({ kind: z.literal('bounds'), segmentId: Id, edge: z.enum(['start', 'end']), before: BoundsSchema, after: BoundsSchema }).strict(),
  z.object({ kind: z.literal('text'), segmentId: Id, before: z.string().max(10_000), after: z.string().max(10_000) }).strict(),
  // Each segment with the speaker it had; all of them get `after`.
  z.object({ kind: z.literal('speaker'), changes: z.array(z.tuple([Id, z.string().max(200).nullable()])).min(1).max(100_000), after: z.string().max(200).nullable() }).strict(),
]);

/** The most undo steps kept per project (older ones fall off the bottom). */
export const UNDO_LIMIT = 500;

/**
 * A project's undo history: the steps that Ctrl+Z walks back (oldest first), those Ctrl+Shift+Z
 * redoes (next first last), and the ids segments got when an undo or redo recreated them.
 */
export const UndoStackSchema = z
  .object({
    done: z.array(EditCommandSchema).max(UNDO_LIMIT),
    undone: z.array(EditCommandSchema).max(UNDO_LIMIT),
    renamed: z.array(z.tuple([Id, Id])).max(4 * UNDO_LIMIT),
  })
  .strict();

export const NoticeSchema = z.object({
  kind: z.enum(['provider', 'info', 'warning']),
  message: z.string(),
});

/** Below this many labels a tuning run measures no learning curve (the Tune view says why). */
export const CURVE_MIN_LABELS = 10;

/** A metric that may be undefined (Corr of constant predictions): JSON has no NaN, so null. */
const MaybeNumber = z.number().nullable();
const EstimateMetricsSchema = z.object({ mae: MaybeNumber, corr: MaybeNumber, acc2: MaybeNumber, acc7: MaybeNumber });
/** Tuning's k-fold estimate: the active version (before) and the candidate (after) on the same folds. */
export const EstimateSchema = z.object({ folds: z.number().int(), before: EstimateMetricsSchema, after: EstimateMetricsSchema });
export const TuneDecisionSchema = z.object({ better: z.boolean(), reason: z.string(), rule: z.string(), mode: z.enum(['always', 'if-better']), activated: z.boolean() });
export const TunePlanSchema = z.object({ regime: z.enum(['few', 'some', 'many']), why: z.string(), ulgm: z.boolean(), cpc: z.boolean() });
const CurveStatSchema = z.object({ mae: MaybeNumber, corr: MaybeNumber, maeSe: MaybeNumber, corrSe: MaybeNumber, foldMae: z.array(MaybeNumber) });

export const LearningCurveSchema = z.object({
  folds: z.number().int(),
  seed: z.number().int(),
  /** How the points were made, in words (the view's caption). */
  method: z.string(),
  /** The version tuning started from, on the same folds: one value for every n. */
  untuned: CurveStatSchema,
  points: z.array(CurveStatSchema.extend({ n: z.number().int(), trainLabels: z.array(z.number().int()) })),
});

/** What one tuning run found, as stored with the version it made, and which version is active now and why. */
export const TuneReportSchema = z.object({
  versionId: Id,
  parent: z.string().nullable(),
  createdAt: z.string(),
  labelled: z.number().int(),
  unlabelled: z.number().int(),
  estimate: EstimateSchema,
  decision: TuneDecisionSchema,
  plan: TunePlanSchema,
  curve: LearningCurveSchema.nullable(),
  /** Why there is no curve (fewer labels than it needs, switched off, or a version from before curves). */
  curveNote: z.string().nullable(),
  active: z.object({ versionId: Id, why: z.string() }),
});
