/**
 * The manifest written beside model.onnx: what the model expects, what each head was trained on,
 * and everything needed to rebuild the trainable model (config + normalisation; weights are the
 * ONNX initializers). Validated on load so a hand-edited or foreign file fails with its name.
 */
import { z } from 'zod';
import { InputError } from '../../shared/errors';
import { HEADS, MODALITIES, SelfMiConfigSchema } from './config';

const HeadStatusSchema = z.object({ trained: z.boolean(), labelledExamples: z.number().int().nonnegative(), note: z.string() });
const NormSchema = z.object({ mean: z.array(z.number()), std: z.array(z.number()) });

const SpreadStatusSchema = z.object({
  /** False: this head has no uncertainty model and takes no part in the fused score. */
  fitted: z.boolean(),
  note: z.string(),
  /** Held-out coverage of the 80 % interval and where it was measured. */
  calibration: z.record(z.string(), z.unknown()).default({}),
});

export const SelfMiManifestSchema = z.object({
  format: z.literal('attune-selfmi'),
  /** 1: `scores` only, fused = the concat head. 2: `presence` input, `spread` and `selfmi` outputs, fused = reliability-weighted. */
  formatVersion: z.union([z.literal(1), z.literal(2)]),
  createdAt: z.string(),
  onnx: z.object({ file: z.string(), sha256: z.string(), opset: z.number().int(), inputs: z.array(z.string()), output: z.string() }),
  /** Column order of the `scores` output. */
  heads: z.array(z.enum(HEADS)).length(4),
  /** Modalities that enter the fused head; the others are multiplied by 0 in the graph. */
  fusion: z.array(z.enum(MODALITIES)).min(1),
  headStatus: z.object({ fused: HeadStatusSchema, text: HeadStatusSchema, audio: HeadStatusSchema, video: HeadStatusSchema }),
  scoreRange: z.number(),
  featureDims: z.object({ text: z.number().int(), audio: z.number().int(), video: z.number().int() }),
  featureNames: z.object({ text: z.array(z.string()).optional(), audio: z.array(z.string()).optional(), video: z.array(z.string()).optional() }).default({}),
  normalisation: z.object({ text: NormSchema, audio: NormSchema, video: NormSchema }),
  config: SelfMiConfigSchema,
  confidence: z.string(),
  /** formatVersion 2: which heads have a spread model (the numbers are the `rel.*` initializers). */
  reliability: z.object({ text: SpreadStatusSchema, audio: SpreadStatusSchema, video: SpreadStatusSchema, rule: z.string() }).optional(),
  /** Free-form provenance: data, metrics, licences (default pack), tuning summary. */
  training: z.record(z.string(), z.unknown()).default({}),
});

export type SelfMiManifest = z.infer<typeof SelfMiManifestSchema>;

export function parseManifest(json: unknown, file: string): SelfMiManifest {
  const r = SelfMiManifestSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new InputError(file, `not a Self-MI model manifest: '${i.path.join('.') || '(root)'}': ${i.message}`);
  }
  return r.data;
}
