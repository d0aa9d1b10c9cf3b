/**
 * A project as a corpus (issue 17): every recording a batch was asked for or `attune import`
 * brought in, with its state, and the corpus-level figures of the Library's corpus view.
 * `attune batch status --json` prints `status`.
 */
import { z } from 'zod';
import { Id } from './schemas';

export const CorpusStateSchema = z.enum(['done', 'failed', 'pending', 'outside']);
export type CorpusState = z.infer<typeof CorpusStateSchema>;

export const CorpusEntrySchema = z.object({
  /** The recording's name, else the media file's. */
  name: z.string(),
  media: z.string(),
  transcript: z.string().nullable(),
  recordingId: Id.nullable(),
  /** done/failed/pending: a batch's item; outside: imported with `attune import`, never in a batch. */
  state: CorpusStateSchema,
  /** Who imported the recording (null: not imported, e.g. a failed or pending item). */
  origin: z.enum(['batch', 'import']).nullable(),
  /** The model version the batch analyses it with (null for a recording outside a batch). */
  modelVersion: z.string().nullable(),
  /** The model versions its segments have scores of. */
  analysedWith: z.array(z.string()),
  speakerMap: z.string().nullable(),
  segments: z.number().int().nullable(),
  predicted: z.number().int().nullable(),
  error: z.string().nullable(),
  finishedAt: z.string().nullable(),
  worker: z.string().nullable(),
});
export type CorpusEntry = z.infer<typeof CorpusEntrySchema>;

export const CorpusStatusSchema = z.object({
  counts: z.object({ total: z.number().int(), recordings: z.number().int(), done: z.number().int(), failed: z.number().int(), pending: z.number().int(), outside: z.number().int() }),
  activeModel: z.string().nullable(),
  entries: z.array(CorpusEntrySchema),
});
export type CorpusStatus = z.infer<typeof CorpusStatusSchema>;

/** Fused sentiment of one recording over its relative time (0 = start, 1 = end), active model. */
export const CorpusSeriesSchema = z.object({
  recordingId: Id,
  name: z.string(),
  durationMs: z.number(),
  points: z.array(z.object({ t: z.number().min(0).max(1), fused: z.number() })),
});

/**
 * One speaker's fused sentiment over the corpus. Speakers of one name are pooled across recordings
 * (a manifest's speaker map gives diarised labels their names). ci95: mean ± 1.96 sd/√n, with the
 * segments taken as independent (they are not quite: a narrower interval than the truth).
 */
export const CorpusSpeakerSchema = z.object({
  speaker: z.string().nullable(),
  segments: z.number().int(),
  recordings: z.number().int(),
  mean: z.number(),
  sd: z.number().nullable(),
  ci95: z.tuple([z.number(), z.number()]).nullable(),
});

export const CorpusSummarySchema = z.object({
  status: CorpusStatusSchema,
  /** True when the Library shows the corpus view: the project had a batch, or more than a few recordings. */
  isCorpus: z.boolean(),
  series: z.array(CorpusSeriesSchema),
  speakers: z.array(CorpusSpeakerSchema),
});
export type CorpusSummary = z.infer<typeof CorpusSummarySchema>;
