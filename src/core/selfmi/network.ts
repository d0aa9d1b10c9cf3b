/**
 * The Self-MI network (DESIGN.md §3) as plain parameters + a forward function, so the same
 * named weights drive training (TensorFlow.js), the ONNX export and warm starts.
 *
 *   h_s   = subnet_s(x_s)                    MLP: [Linear -> ReLU -> Dropout]* -> Linear
 *   F_s   = ReLU(W_s · dropout(h_s) + b_s)   s in {t, a, v}
 *   F_m   = ReLU(W_m · dropout([h_t; h_a; h_v] ⊙ fusion mask) + b_m);  z ≡ F_m
 *   ŷ_s   = Linear(ReLU(Linear(F_s)))         four heads: fused, text, audio, video
 *   class head (config.classHeads): ŷ_s = softmax(Linear(ReLU(Linear(F_s)))) · valence
 *   G_m(z)= W_g z + b_g                       CPC predictor of h_m from z
 *
 * Weights are stored [in, out] so x·W + b maps one-to-one onto ONNX Gemm.
 */
import { tf } from './tf';
import { classHeadOf, HEADS, MODALITIES, type Head, type Modality, type SelfMiConfig } from './config';
import type { Rng } from './rng';
import { mm } from './matmul';

// The parameter layout has no TF.js in it: reading and exporting a model need it, and should not load TF.js.
export { fusionInputDim, paramSpecs, subnetLayers, type ParamGroup, type ParamSpec } from './params';
import { paramSpecs, subnetLayers } from './params';

/** PyTorch's nn.Linear default init, U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights and biases. */
export function initWeights(cfg: SelfMiConfig, rng: Rng): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const s of paramSpecs(cfg)) {
    const size = s.shape.reduce((a, b) => a * b, 1);
    const bound = 1 / Math.sqrt(s.fanIn);
    const v = new Float32Array(size);
    for (let i = 0; i < size; i++) v[i] = (rng.next() * 2 - 1) * bound;
    out[s.name] = v;
  }
  return out;
}

export type Params = Record<string, tf.Tensor>;

export interface Inputs {
  text: tf.Tensor2D;
  audio: tf.Tensor2D;
  video: tf.Tensor2D;
}

export interface Outputs {
  h: Record<Modality, tf.Tensor2D>;
  /** F_fused is z. */
  F: Record<Head, tf.Tensor2D>;
  /** Raw head outputs [N, 1]; training uses these (Self-MM's L1 on the linear output). A class head's is its expected valence. */
  raw: Record<Head, tf.Tensor2D>;
  /** Class heads only: the logits [N, K] (what a cross-entropy loss trains). */
  logits: Partial<Record<Head, tf.Tensor2D>>;
}

/**
 * Training only: the unimodal representations F_t/F_a/F_v and the heads are computed on the first
 * `labelledRows` rows, the labelled part of a step's batch; the unlabelled rows feed InfoNCE, which needs
 * h_m and z = F_m alone. `fusedHeadAll` keeps the fused head on every row (pseudo-labels score them).
 */
export interface ForwardRows {
  labelledRows: number;
  fusedHeadAll: boolean;
}

/** Dropout seeds come from the caller's Rng so a run is repeatable; null = inference (no dropout). */
export function forward(p: Params, x: Inputs, cfg: SelfMiConfig, rng: Rng | null, fusion: readonly Modality[], rows?: ForwardRows): Outputs {
  const dense = (t: tf.Tensor2D, name: string) => tf.add(mm(t, p[`${name}.W`] as tf.Tensor2D), p[`${name}.b`]) as tf.Tensor2D;
  const drop = (t: tf.Tensor2D, rate: number) => (rng && rate > 0 ? (tf.mul(t, dropoutMask(t.shape, rate, rng)) as tf.Tensor2D) : t);
  const h = {} as Record<Modality, tf.Tensor2D>;
  for (const m of MODALITIES) {
    const layers = subnetLayers(cfg, m);
    let t = x[m];
    layers.forEach((l, i) => {
      t = dense(t, l.name);
      if (i < layers.length - 1) t = drop(tf.relu(t), cfg.subnets[m].dropout);
    });
    h[m] = t;
  }
  const fusedIn = tf.concat(
    MODALITIES.map((m) => (fusion.includes(m) ? h[m] : tf.zerosLike(h[m]))),
    1,
  ) as tf.Tensor2D;
  const F = {} as Record<Head, tf.Tensor2D>;
  const raw = {} as Record<Head, tf.Tensor2D>;
  const logits: Outputs['logits'] = {};
  const firstRows = (t: tf.Tensor2D) => (rows ? (t.slice([0, 0], [rows.labelledRows, -1]) as tf.Tensor2D) : t);
  for (const s of HEADS) {
    const input = s === 'fused' ? fusedIn : firstRows(h[s]);
    F[s] = tf.relu(dense(drop(input, cfg.post[s].dropout), `post.${s}`)) as tf.Tensor2D;
    const headIn = s === 'fused' && !rows?.fusedHeadAll ? firstRows(F[s]) : F[s];
    const last = dense(tf.relu(dense(headIn, `head.${s}.0`)), `head.${s}.1`);
    const ch = classHeadOf(cfg, s);
    if (ch) {
      logits[s] = last;
      raw[s] = mm(tf.softmax(last) as tf.Tensor2D, tf.tensor2d(ch.valence, [ch.valence.length, 1]));
    } else raw[s] = last;
  }
  return { h, F, raw, logits };
}

/**
 * Inverted-dropout mask drawn from our own Rng: tf.dropout draws its noise in JS through seedrandom
 * plus four extra ops, which made dropout a quarter of a WASM training step.
 */
function dropoutMask(shape: [number, number], rate: number, rng: Rng): tf.Tensor2D {
  const keep = 1 / (1 - rate);
  const v = new Float32Array(shape[0] * shape[1]);
  for (let i = 0; i < v.length; i++) v[i] = rng.next() < rate ? 0 : keep;
  return tf.tensor2d(v, shape);
}

/** G_m(z) for each modality. */
export function cpcPredictions(p: Params, z: tf.Tensor2D): Record<Modality, tf.Tensor2D> {
  const out = {} as Record<Modality, tf.Tensor2D>;
  for (const m of MODALITIES) out[m] = tf.add(mm(z, p[`cpc.${m}.W`] as tf.Tensor2D), p[`cpc.${m}.b`]) as tf.Tensor2D;
  return out;
}

/** Scores as the model reports them: clipped to [-H, H] (training keeps the raw output, as Self-MM). */
export function clipScore(t: tf.Tensor, cfg: SelfMiConfig): tf.Tensor {
  return tf.clipByValue(t, -cfg.scoreRange, cfg.scoreRange);
}

export function toTensors(weights: Record<string, Float32Array>, cfg: SelfMiConfig, asVariables: boolean): Params {
  const out: Params = {};
  for (const s of paramSpecs(cfg)) {
    const v = weights[s.name];
    if (!v) throw new Error(`weights lack parameter '${s.name}'`);
    const t = tf.tensor(v, s.shape);
    // Unnamed: tf.js variable names are process-global, and tests train several models in one process.
    out[s.name] = asVariables ? tf.variable(t, true) : t;
    if (asVariables) t.dispose();
  }
  return out;
}
