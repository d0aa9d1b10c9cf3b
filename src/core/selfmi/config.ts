/**
 * Self-MI configuration as data. Defaults follow Self-MM's MOSI settings in MMSA
 * (config_regression.json, self_mm/mosi: batch 32, post_fusion_dim 128, post_text/audio/video_dim
 * 32/16/32, post dropouts 0.1/0.0/0.1/0.0, audio/video out 16/32, lr 1e-3 (other) and 5e-3
 * (audio/video subnets), weight decay 1e-3, early_stop 8, excludeZero, H = 3) with MMIM's CPC
 * weight 0.1. Self-MM's text subnet is a fine-tuned BERT (768-d out); ours is an MLP over frozen
 * MiniLM embeddings, so its output is scaled to 64-d. Audio/video are pooled statistics, so their
 * subnets are MLPs (as in TFN/LMF) instead of Self-MM's LSTMs.
 */
import { z } from 'zod';
import { InputError } from '../../shared/errors';

export const MODALITIES = ['text', 'audio', 'video'] as const;
export type Modality = (typeof MODALITIES)[number];
/** Heads: fused (M) plus one per modality; the order of the model's score columns. */
export const HEADS = ['fused', 'text', 'audio', 'video'] as const;
export type Head = (typeof HEADS)[number];

const dim = z.number().int().positive();
const rate = z.number().min(0).max(0.95);

const SubnetSchema = z
  .object({
    hidden: z.array(dim).max(4),
    out: dim,
    dropout: rate,
  })
  .strict();

const PostSchema = z.object({ dim, dropout: rate }).strict();

const perModality = <T extends z.ZodTypeAny>(s: T) => z.object({ text: s, audio: s, video: s }).strict();

/**
 * A unimodal head that classifies instead of regressing: its last layer gives one logit per class and
 * its score is the expected valence under the softmax, Σ_k p_k · valence_k (a fixed table, not trained).
 * The score contract (one number in [-H, H]) is unchanged, so the fusion, the L1 task loss of tuning
 * and the exported graph's outputs stay as they are.
 */
const ClassHeadSchema = z
  .object({ classes: z.array(z.string().min(1)).min(2), valence: z.array(z.number()).min(2) })
  .strict()
  .refine((c) => c.classes.length === c.valence.length, { message: 'classes and valence must have the same length' });

export const SelfMiConfigSchema = z
  .object({
    /** Input feature sizes; text is MiniLM (384), audio/video come from the feature extractors' name lists. */
    dims: perModality(dim),
    subnets: perModality(SubnetSchema),
    /** F_s = ReLU(W_s · dropout(h_s) + b_s); each head is ReLU(Linear(dim, dim)) -> Linear(dim, 1). */
    post: z.object({ fused: PostSchema, text: PostSchema, audio: PostSchema, video: PostSchema }).strict(),
    /** Unimodal heads that are emotion classifiers scored by expected valence (absent = regression head). */
    classHeads: z.object({ text: ClassHeadSchema.optional(), audio: ClassHeadSchema.optional(), video: ClassHeadSchema.optional() }).strict().default({}),
    /**
     * Modalities allowed into the fusion. The trainer fuses those of them that are present in at least
     * one labelled training segment (SelfMiModel.fusion); the others are multiplied by 0 before the
     * concatenation, so the fused head cannot lean on a modality that never met a real label. Tuning on
     * project labels that have video therefore brings video into the fusion.
     */
    fusionModalities: z.array(z.enum(MODALITIES)).min(1),
    /**
     * Self-MM's unimodal label generation. Off = the ablation "supervised-only heads": every head is
     * trained on y_m with weight 1 (used by bench:labels to show what ULGM adds).
     */
    ulgm: z.boolean(),
    /** Weight of L_CPC in L = L_task + alpha · L_CPC (MMIM: 0.1). */
    alpha: z.number().min(0),
    /** Scores live in [-H, H] (Self-MM's H). */
    scoreRange: z.number().positive(),
    /** Class centres use y_s > 0 / y_s < 0, leaving zeros out (Self-MM excludeZero). */
    excludeZero: z.boolean(),
    lr: z.object({ text: z.number().positive(), audio: z.number().positive(), video: z.number().positive(), other: z.number().positive() }).strict(),
    /** Coupled L2 (PyTorch Adam weight_decay), per parameter group like Self-MM. */
    weightDecay: z.object({ text: z.number().min(0), audio: z.number().min(0), video: z.number().min(0), other: z.number().min(0) }).strict(),
    /** Labelled rows per step (Self-MM: 32). */
    batchSize: dim,
    /**
     * Unlabelled rows added to each step for the CPC term. An epoch is one pass over the longer of the
     * two streams; the shorter one cycles. With no unlabelled data this is exactly Self-MM's loop.
     */
    unlabelledBatchSize: dim,
    maxEpochs: dim,
    /** Epochs without validation improvement before stopping (Self-MM early_stop: 8). */
    patience: dim,
    /** Share of labelled segments held out for early stopping when no explicit validation set is given. */
    validationFraction: z.number().min(0).max(0.5),
    seed: z.number().int().nonnegative(),
    /**
     * Opt-in: unlabelled segments whose current fused prediction has confidence >= threshold get that
     * prediction as a fused-head target (weight `weight`) for the next epoch. They never enter the ULGM
     * label bank, whose unimodal labels are derived from real y_m only.
     */
    pseudoLabels: z
      .object({ enabled: z.boolean(), threshold: z.number().min(0).max(1), weight: z.number().min(0).max(1), fromEpoch: z.number().int().min(2) })
      .strict(),
    backend: z.enum(['wasm', 'cpu']),
    /**
     * Parameter-name prefixes that train (e.g. 'head.text.1'); empty = every parameter. Few-label
     * tuning trains only the heads' last layers (analysis/tune-plan.ts).
     */
    trainable: z.array(z.string()).default([]),
    /** L2-SP: gradient += l2sp · (w − w_start) on every trained parameter, so few labels move it little. 0 = off. */
    l2sp: z.number().min(0).default(0),
  })
  .strict();

export type SelfMiConfig = z.infer<typeof SelfMiConfigSchema>;

export const DEFAULT_CONFIG: SelfMiConfig = {
  dims: { text: 384, audio: 60, video: 30 },
  subnets: {
    text: { hidden: [128], out: 64, dropout: 0.1 },
    audio: { hidden: [32], out: 16, dropout: 0.1 },
    video: { hidden: [32], out: 32, dropout: 0.1 },
  },
  post: {
    fused: { dim: 128, dropout: 0.1 },
    text: { dim: 32, dropout: 0.0 },
    audio: { dim: 16, dropout: 0.1 },
    video: { dim: 32, dropout: 0.0 },
  },
  classHeads: {},
  fusionModalities: ['text', 'audio', 'video'],
  ulgm: true,
  alpha: 0.1,
  scoreRange: 3,
  excludeZero: true,
  lr: { text: 1e-3, audio: 5e-3, video: 5e-3, other: 1e-3 },
  weightDecay: { text: 1e-3, audio: 1e-3, video: 1e-3, other: 1e-3 },
  batchSize: 32,
  unlabelledBatchSize: 224,
  maxEpochs: 30,
  patience: 8,
  validationFraction: 0,
  seed: 1,
  pseudoLabels: { enabled: false, threshold: 0.8, weight: 0.5, fromEpoch: 2 },
  backend: 'wasm',
  trainable: [],
  l2sp: 0,
};

/** The class table of head `h`, when it is a class head. */
export function classHeadOf(cfg: SelfMiConfig, h: Head): { classes: string[]; valence: number[] } | undefined {
  return h === 'fused' ? undefined : cfg.classHeads?.[h];
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends (infer U)[] ? U[] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** Defaults overlaid with `overrides`, validated; `source` names where the overrides came from. */
export function makeConfig(overrides: DeepPartial<SelfMiConfig> = {}, source = 'config'): SelfMiConfig {
  const merged = merge(DEFAULT_CONFIG as unknown as Record<string, unknown>, overrides as Record<string, unknown>);
  return parseConfig(merged, source);
}

export function parseConfig(value: unknown, source = 'config'): SelfMiConfig {
  const r = SelfMiConfigSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new InputError(source, `invalid Self-MI config at '${issue.path.join('.') || '(root)'}': ${issue.message}`);
  }
  return r.data;
}

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    const b = base[k];
    out[k] = isPlain(v) && isPlain(b) ? merge(b, v) : v;
  }
  return out;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
