/**
 * The one API contract. Every adapter (Electron IPC, browser host, CLI) binds these methods to the
 * core service; every receiving side validates with these schemas. One method per call.
 */
import { z } from 'zod';
import {
  Id,
  LabelHistoryEntrySchema,
  LabelSchema,
  Ms,
  ModelVersionSchema,
  ExportFormatSchema,
  NoticeSchema,
  PredictionSchema,
  ProviderSchema,
  QueueItemSchema,
  RecordingSchema,
  Score,
  SegmentSchema,
  TuneReportSchema,
  UndoStackSchema,
} from './schemas';
import { AgreementReportSchema, AnnotatorName, AnnotatorSummarySchema, BlindSchema, GoldRuleSchema } from './annotators';
import { ExportRequestSchema, ExportResultSchema, ImportRequestSchema, ImportResultSchema, JobSchema, StartJobRequestSchema } from './jobs';
import { CorpusSummarySchema } from './corpus';

export * from './schemas';
export * from './jobs';
export * from './annotators';
export * from './corpus';

const empty = z.object({}).strict();

export const contract = {
  projectInfo: {
    request: empty,
    response: z.object({ path: z.string(), name: z.string(), recordings: z.number().int(), segments: z.number().int(), labels: z.number().int() }),
  },
  listRecordings: { request: empty, response: z.array(RecordingSchema) },
  /** The name the workbench shows for a recording (its files keep theirs). */
  renameRecording: { request: z.object({ recordingId: Id, name: z.string().trim().min(1).max(200) }).strict(), response: RecordingSchema },
  /** Takes a recording out of the project (segments, features, scores); its files stay on disk, its label events in the history. */
  removeRecording: { request: z.object({ recordingId: Id }).strict(), response: z.object({ recordingId: Id, segments: z.number().int() }) },
  importRecording: { request: ImportRequestSchema, response: ImportResultSchema },
  listSegments: {
    request: z.object({ recordingId: Id.optional() }).strict(),
    response: z.array(SegmentSchema),
  },
  /** The project's current labels; with `annotator`, that annotator's own current labels. */
  listLabels: { request: z.object({ annotator: AnnotatorName.optional() }).strict(), response: z.array(LabelSchema) },
  setLabel: {
    request: z.object({ segmentId: Id, score: Score, note: z.string().max(10_000).nullable().optional(), annotator: AnnotatorName.optional() }).strict(),
    response: LabelSchema,
  },
  clearLabel: { request: z.object({ segmentId: Id, annotator: AnnotatorName.optional() }).strict(), response: z.object({ segmentId: Id }) },
  listAnnotators: { request: empty, response: z.array(AnnotatorSummarySchema) },
  /**
   * Labels made elsewhere as another annotator: an Attune CSV/JSON export (by segment id) or an
   * EAF/TextGrid/WebVTT/MMSA file with numeric labels (by time, in `recordingId`). All or nothing unless `partial`.
   * `from`: which labels of a file that holds several sets (an export of every annotator): an EAF/TextGrid
   * tier ("sentiment:Ada"), a CSV column ("score:Ada"), a JSON annotator ("Ada"); default the gold labels.
   */
  importLabels: {
    request: z.object({ path: z.string().min(1).max(4096), format: ExportFormatSchema, annotator: AnnotatorName, recordingId: Id.optional(), partial: z.boolean().optional(), from: z.string().min(1).max(200).optional() }).strict(),
    response: z.object({ annotator: AnnotatorName, imported: z.number().int(), unmatched: z.array(z.string()) }),
  },
  /** The project's gold-label rule (which label tuning, exports and the queue use when several annotators labelled). */
  goldRule: { request: empty, response: GoldRuleSchema },
  setGoldRule: { request: z.object({ rule: GoldRuleSchema }).strict(), response: GoldRuleSchema },
  /**
   * Blind labelling (a project setting, off by default): while on, every view shows an analyst only
   * their own labels (the "Labelling as" annotator's), never another annotator's or the gold label.
   */
  blindLabelling: { request: empty, response: BlindSchema },
  setBlindLabelling: { request: BlindSchema.strict(), response: BlindSchema },
  /** Agreement between annotators on the segments they both labelled (of one recording, or all). */
  agreement: { request: z.object({ recordingId: Id.optional() }).strict(), response: AgreementReportSchema },
  labelHistory: { request: z.object({ segmentId: Id }).strict(), response: z.array(LabelHistoryEntrySchema) },
  splitSegment: {
    request: z.object({ segmentId: Id, atMs: Ms }).strict(),
    response: z.tuple([SegmentSchema, SegmentSchema]),
  },
  mergeSegments: {
    request: z.object({ segmentId: Id }).strict(),
    response: SegmentSchema,
  },
  /** The exact inverse of a merge (undo): both stored segment rows back, with their predictions and labels. */
  unmergeSegments: {
    request: z.object({ segmentId: Id, swallowedId: Id }).strict(),
    response: z.tuple([SegmentSchema, SegmentSchema]),
  },
  updateSegmentBounds: {
    request: z.object({ segmentId: Id, startMs: Ms, endMs: Ms }).strict(),
    response: SegmentSchema,
  },
  /** The analyst fixes the words of a segment; its text features and scores are computed again. */
  updateSegmentText: {
    request: z.object({ segmentId: Id, text: z.string().max(10_000) }).strict(),
    response: SegmentSchema,
  },
  /** Gives segments one speaker (null: none): a segment reassigned, or all of a speaker's renamed at once. */
  setSpeaker: {
    request: z.object({ segmentIds: z.array(Id).min(1).max(100_000), speaker: z.string().trim().min(1).max(200).nullable() }).strict(),
    response: z.array(SegmentSchema),
  },
  waveformPeaks: {
    request: z.object({ recordingId: Id, peaksPerSecond: z.number().int().min(1).max(1000).optional() }).strict(),
    response: z.object({ peaksPerSecond: z.number(), peaks: z.array(z.number()) }),
  },
  mediaUrl: { request: z.object({ recordingId: Id }).strict(), response: z.object({ url: z.string() }) },
  // outPath: absolute, or relative to the project folder. overwrite: replace an existing file (the UI asks first).
  exportLabels: { request: ExportRequestSchema, response: ExportResultSchema },
  /** Each job kind's params and result: contract/jobs.ts. */
  startJob: { request: StartJobRequestSchema, response: z.object({ jobId: Id }) },
  cancelJob: { request: z.object({ jobId: Id }).strict(), response: z.object({ jobId: Id, state: z.string() }) },
  listJobs: { request: empty, response: z.array(JobSchema) },
  predictions: { request: empty, response: z.array(PredictionSchema) },
  listModels: { request: empty, response: z.array(ModelVersionSchema) },
  activateModel: { request: z.object({ versionId: Id }).strict(), response: ModelVersionSchema },
  compareModels: {
    request: z.object({ a: Id, b: Id }).strict(),
    response: z.object({
      a: ModelVersionSchema,
      b: ModelVersionSchema,
      points: z.array(z.object({ segmentId: Id, a: z.number(), b: z.number(), label: z.number().nullable() })),
    }),
  },
  /** The tuning report stored with a tuned version (the latest one when versionId is omitted); null when no version was tuned yet. */
  tuneReport: { request: z.object({ versionId: Id.optional() }).strict(), response: TuneReportSchema.nullable() },
  /** What to label next; with `annotator` (blind labelling), what that annotator has not labelled, whoever else did. */
  labelQueue: { request: z.object({ limit: z.number().int().min(1).max(500).optional(), annotator: AnnotatorName.optional() }).strict(), response: z.array(QueueItemSchema) },
  /** The project's undo history as the window left it (empty for a new project). */
  undoStack: { request: empty, response: UndoStackSchema },
  /** Replaces the project's undo history (the window sends it after every step). */
  saveUndoStack: { request: UndoStackSchema, response: z.object({ done: z.number().int(), undone: z.number().int() }) },
  setProvider: { request: z.object({ ep: ProviderSchema }).strict(), response: z.object({ ep: ProviderSchema }) },
  /** The project as a corpus: each batch item's and recording's state, fused sentiment per recording and per speaker (contract/corpus.ts). */
  corpusSummary: { request: empty, response: CorpusSummarySchema },
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Req<M extends Method> = z.input<Contract[M]['request']>;
export type Res<M extends Method> = z.output<Contract[M]['response']>;

/** The service shape every adapter binds: one async function per method. */
export type Api = { [M in Method]: (req: Req<M>) => Promise<Res<M>> };

/** Server -> client events. */
export const EventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('job'), job: JobSchema }),
  z.object({ type: z.literal('notice'), notice: NoticeSchema }),
  z.object({ type: z.literal('changed'), what: z.enum(['recordings', 'segments', 'labels', 'predictions', 'models']) }),
]);
export type AttuneEvent = z.infer<typeof EventSchema>;

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** Wire envelope for the WebSocket and IPC adapters. */
export const RequestEnvelopeSchema = z.object({ id: z.number().int(), method: z.string(), params: z.unknown() });
export type ResponseEnvelope =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { code: string; message: string; file?: string; line?: number } };
