/**
 * Every job kind's parameters and result (issue 12, item 2): one table, checked where a job starts
 * (core/service/jobs.ts: params) and where it ends (its result), and typed for every adapter.
 * import and export take the matching method's request and answer its response.
 */
import { z } from 'zod';
import { LanguageSchema } from '../text/language';
import { EstimateSchema, ExportFormatSchema, Id, JobBaseSchema, LearningCurveSchema, ProviderSchema, TuneDecisionSchema, TunePlanSchema } from './schemas';

// language: the recording's (en|ja); omitted, it is detected from the transcript (shared/text/language.ts).
export const ImportRequestSchema = z.object({ mediaPath: z.string().min(1), transcriptPath: z.string().min(1).nullable().optional(), language: LanguageSchema.optional() }).strict();
export const ImportResultSchema = z.object({ recordingId: Id, segments: z.number().int() });

// outPath: absolute, or relative to the project folder. overwrite: replace an existing file (the UI asks first).
// includeScores: the model's scores too (CSV columns, JSON `predictions`, EAF/TextGrid `model:*` tiers); off: a label-only export.
// annotators: 'gold' (the default: the gold label only, as always) or 'all' (the gold label and each annotator's own:
// EAF/TextGrid a `sentiment:NAME` tier each, CSV a `score:NAME` column each, JSON `annotatorLabels`).
export const EXPORT_ANNOTATORS = ['gold', 'all'] as const;
export const ExportAnnotatorsSchema = z.enum(EXPORT_ANNOTATORS);
export type ExportAnnotators = z.infer<typeof ExportAnnotatorsSchema>;
export const ExportRequestSchema = z
  .object({ format: ExportFormatSchema, outPath: z.string().min(1), recordingId: Id.optional(), overwrite: z.boolean().optional(), includeScores: z.boolean().optional(), annotators: ExportAnnotatorsSchema.optional() })
  .strict();
export const ExportResultSchema = z.object({ path: z.string(), segments: z.number().int() });

/** ep: the execution provider for this run (else the service's); reason: why it started, stored with the job. */
export const AnalyzeParamsSchema = z.object({ ep: ProviderSchema.optional(), reason: z.string().max(200).optional() }).strict();
export const AnalyzeResultSchema = z.object({
  predicted: z.number().int(),
  modelVersion: Id,
  /** Feature rows computed by this run, per modality (cached ones are not counted). */
  computed: z.object({ text: z.number().int(), audio: z.number().int(), video: z.number().int() }),
  /** Segments past the decoded end of a truncated file, named with the file and time. */
  warnings: z.array(z.string()).optional(),
});

export const TUNE_MAX_EPOCHS = 10_000;
export const TuneParamsSchema = z
  .object({
    epochs: z.number().int().min(1).max(TUNE_MAX_EPOCHS).optional(),
    /** Weight of the InfoNCE term. */
    alpha: z.number().min(0).optional(),
    /** Ablation switches (shared/tune-defaults.ts has the defaults). */
    ulgm: z.boolean().optional(),
    cpc: z.boolean().optional(),
    /** The learning curve (default on; measured only from CURVE_MIN_LABELS labels). */
    curve: z.boolean().optional(),
    activate: z.enum(['always', 'if-better']).optional(),
    ep: ProviderSchema.optional(),
  })
  .strict();
export const TuneResultSchema = z.object({
  versionId: Id,
  parent: Id,
  labelled: z.number().int(),
  unlabelled: z.number().int(),
  estimate: EstimateSchema,
  /** The numbers stored with the version (finite ones only). */
  metrics: z.record(z.string(), z.number()),
  /** Whether the new version is now the active one (decision says why or why not). */
  activated: z.boolean(),
  decision: TuneDecisionSchema,
  activeVersion: Id,
  plan: TunePlanSchema,
  /** The project's learning curve on the same folds (null below CURVE_MIN_LABELS labels, or switched off; curveNote says why). */
  curve: LearningCurveSchema.nullable(),
  curveNote: z.string().nullable(),
});

export const JOBS = {
  import: { params: ImportRequestSchema, result: ImportResultSchema },
  analyze: { params: AnalyzeParamsSchema, result: AnalyzeResultSchema },
  tune: { params: TuneParamsSchema, result: TuneResultSchema },
  export: { params: ExportRequestSchema, result: ExportResultSchema },
} as const;

export type JobKind = keyof typeof JOBS;
/** What a caller passes (optional fields may be left out). */
export type JobParamsIn<K extends JobKind> = z.input<(typeof JOBS)[K]['params']>;
/** What the handler receives, checked. */
export type JobParams<K extends JobKind> = z.output<(typeof JOBS)[K]['params']>;
export type JobResult<K extends JobKind> = z.output<(typeof JOBS)[K]['result']>;

/** startJob's request: the kind and that kind's parameters. */
export const StartJobRequestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('import'), params: ImportRequestSchema }).strict(),
  z.object({ kind: z.literal('analyze'), params: AnalyzeParamsSchema.default({}) }).strict(),
  z.object({ kind: z.literal('tune'), params: TuneParamsSchema.default({}) }).strict(),
  z.object({ kind: z.literal('export'), params: ExportRequestSchema }).strict(),
]);

/** A job as listed and as its events report it: the result (once done) typed by its kind. */
export const JobSchema = z.discriminatedUnion('kind', [
  JobBaseSchema.extend({ kind: z.literal('import'), result: ImportResultSchema.optional() }),
  JobBaseSchema.extend({ kind: z.literal('analyze'), result: AnalyzeResultSchema.optional() }),
  JobBaseSchema.extend({ kind: z.literal('tune'), result: TuneResultSchema.optional() }),
  JobBaseSchema.extend({ kind: z.literal('export'), result: ExportResultSchema.optional() }),
]);
export type Job = z.output<typeof JobSchema>;
