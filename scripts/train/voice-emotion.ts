/**
 * The default model's voice head as an emotion classifier (config.classHeads.audio): the audio path
 * of the Self-MI network (sub.audio -> post.audio -> head.audio.0 -> head.audio.1 with one logit per
 * RAVDESS emotion) trained by cross-entropy on the acted emotion; its score is the expected valence
 * Σ_k p_k · RAVDESS_VALENCE[k] (network.ts / onnx-graph.ts), so the product still gets one voice
 * score in [-3, 3].
 *
 * Why: regressing valence on prosody learns arousal (angry, fearful and disgust are loud and tense
 * like happy; sad is quiet like calm), and the regression averages them into a muddle. A classifier
 * keeps the categories apart where the features allow and puts the valence table on top.
 * Measured on RAVDESS actors 17-20 (never seen): see src/core/selfmi/README.md.
 */
import { tf, initTf } from '../../src/core/selfmi/tf';
import { MODALITIES, type SelfMiConfig } from '../../src/core/selfmi/config';
import { computeNorm, toMatrices } from '../../src/core/selfmi/data';
import { forward, initWeights, paramSpecs, toTensors } from '../../src/core/selfmi/network';
import { Adam } from '../../src/core/selfmi/adam';
import { makeRng, shuffled } from '../../src/core/selfmi/rng';
import type { Norm, SegmentFeatures } from '../../src/core/selfmi/types';
import { RAVDESS_EMOTIONS, RAVDESS_VALENCE, type VoiceItem } from './datasets';

export const VOICE_CLASS_HEAD = { classes: [...RAVDESS_EMOTIONS], valence: RAVDESS_EMOTIONS.map((e) => RAVDESS_VALENCE[e]) };

const AUDIO_PARAM = /^(sub|post|head)\.audio\./;

export interface VoiceClassRun {
  weights: Record<string, Float32Array>;
  norm: Norm;
  /** Per epoch: mean training cross-entropy, and (when `evalOn` is given) the expected-valence MAE there. */
  history: { epoch: number; ce: number; evalMae?: number; evalAcc?: number; evalNon0?: number; evalHappySadNon0?: number }[];
}

const seg = (v: VoiceItem): SegmentFeatures => ({ id: v.id, text: null, audio: v.audio, video: null, label: v.label });

/**
 * Trains the audio path of `cfg` (which must have classHeads.audio = VOICE_CLASS_HEAD) on `items` for
 * `epochs` epochs; other parameters keep their initial values (the caller composes them away).
 */
export async function trainVoiceClasses(items: VoiceItem[], cfg: SelfMiConfig, epochs: number, evalOn?: VoiceItem[]): Promise<VoiceClassRun> {
  await initTf(cfg.backend);
  const ch = cfg.classHeads.audio;
  if (!ch) throw new Error('trainVoiceClasses: the config has no audio class head');
  const norm = computeNorm(items.map(seg), cfg);
  const rng = makeRng(cfg.seed);
  const master = initWeights(cfg, rng);
  const vars = toTensors(master, cfg, true) as Record<string, tf.Variable>;
  const specs = paramSpecs(cfg).filter((s) => AUDIO_PARAM.test(s.name));
  const optimizer = new Adam();
  const set = toMatrices(items.map(seg), cfg, norm);
  const n = items.length;
  const X = { text: tf.zeros([n, cfg.dims.text]) as tf.Tensor2D, audio: tf.tensor2d(set.x.audio.data, [n, cfg.dims.audio]), video: tf.zeros([n, cfg.dims.video]) as tf.Tensor2D };
  const cls = items.map((v) => ch.classes.indexOf(v.emotion));
  const history: VoiceClassRun['history'] = [];
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const order = shuffled(
        items.map((_, i) => i),
        rng,
      );
      let ceSum = 0;
      let batches = 0;
      for (let at = 0; at < n; at += cfg.batchSize) {
        const rows = order.slice(at, at + cfg.batchSize);
        const onehot = new Float32Array(rows.length * ch.classes.length);
        rows.forEach((r, i) => (onehot[i * ch.classes.length + cls[r]] = 1));
        const { value, grads } = tf.tidy(() => {
          const idx = tf.tensor1d(rows, 'int32');
          const x = { text: tf.gather(X.text, idx), audio: tf.gather(X.audio, idx), video: tf.gather(X.video, idx) } as Record<(typeof MODALITIES)[number], tf.Tensor2D>;
          const y = tf.tensor2d(onehot, [rows.length, ch.classes.length]);
          return tf.variableGrads(() => {
            const logits = forward(vars, x, cfg, rng, ['audio']).logits.audio!;
            const logp = tf.sub(logits, tf.logSumExp(logits, 1, true));
            return tf.neg(tf.mean(tf.sum(tf.mul(y, logp), 1))) as tf.Scalar;
          }, specs.map((s) => vars[s.name]));
        });
        optimizer.tick();
        for (const s of specs) {
          const g = grads[vars[s.name].name];
          if (!g) continue;
          optimizer.update(s.name, master[s.name], g.dataSync() as Float32Array, { lr: cfg.lr[s.group], weightDecay: cfg.weightDecay[s.group] });
          tf.tidy(() => vars[s.name].assign(tf.tensor(master[s.name], s.shape)));
        }
        ceSum += value.dataSync()[0];
        batches++;
        value.dispose();
        Object.values(grads).forEach((t) => t.dispose());
      }
      const rec: VoiceClassRun['history'][number] = { epoch, ce: ceSum / batches };
      if (evalOn) Object.assign(rec, evaluateVoice(vars, cfg, norm, evalOn));
      history.push(rec);
    }
    const weights: Record<string, Float32Array> = {};
    for (const [k, v] of Object.entries(master)) weights[k] = Float32Array.from(v);
    return { weights, norm, history };
  } finally {
    Object.values(vars).forEach((v) => v.dispose());
    Object.values(X).forEach((t) => t.dispose());
  }
}

/** Expected-valence MAE and 8-class accuracy of the current audio path on `items`. */
function evaluateVoice(params: Record<string, tf.Tensor>, cfg: SelfMiConfig, norm: Norm, items: VoiceItem[]): { evalMae: number; evalAcc: number; evalNon0: number; evalHappySadNon0: number } {
  const ch = cfg.classHeads.audio!;
  const set = toMatrices(items.map(seg), cfg, norm);
  const n = items.length;
  const [score, logits] = tf.tidy(() => {
    const x = { text: tf.zeros([n, cfg.dims.text]) as tf.Tensor2D, audio: tf.tensor2d(set.x.audio.data, [n, cfg.dims.audio]), video: tf.zeros([n, cfg.dims.video]) as tf.Tensor2D };
    const o = forward(params, x, cfg, null, ['audio']);
    return [o.raw.audio, o.logits.audio!];
  });
  const s = score.dataSync();
  const l = logits.dataSync();
  score.dispose();
  logits.dispose();
  const K = ch.classes.length;
  let mae = 0;
  let hit = 0;
  const sign = { all: [0, 0], hs: [0, 0] };
  items.forEach((v, i) => {
    mae += Math.abs(Math.max(-cfg.scoreRange, Math.min(cfg.scoreRange, s[i])) - v.label) / n;
    if (v.label !== 0) {
      const ok = s[i] > 0 === v.label > 0 ? 1 : 0;
      sign.all[0] += ok;
      sign.all[1]++;
      if (v.emotion === 'happy' || v.emotion === 'sad') {
        sign.hs[0] += ok;
        sign.hs[1]++;
      }
    }
    let best = 0;
    for (let k = 1; k < K; k++) if (l[i * K + k] > l[i * K + best]) best = k;
    if (ch.classes[best] === v.emotion) hit++;
  });
  return { evalMae: mae, evalAcc: hit / n, evalNon0: sign.all[0] / sign.all[1], evalHappySadNon0: sign.hs[0] / sign.hs[1] };
}

/**
 * Packs E voice classifiers of the same shape (trained from different seeds on the same data, so the
 * same normalisation) into one audio path of E times the width, block-diagonal, whose logits are the
 * mean of the members' logits: an ensemble inside the ordinary graph (no new op, same outputs). The
 * members' hidden units stay independent in the packed weights; later tuning may mix them.
 * `into` gives the rest of the network (text, face, fused), whose shapes depend on the audio width
 * in two places: post.fused reads h_audio (its new audio rows are 0: audio is not in the concat
 * head's fusion of the default model) and cpc.audio predicts h_audio (each block gets `into`'s).
 */
export function packVoiceEnsemble(
  members: Record<string, Float32Array>[],
  single: SelfMiConfig,
  into: Record<string, Float32Array>,
): { subnet: SelfMiConfig['subnets']['audio']; post: SelfMiConfig['post']['audio']; weights: Record<string, Float32Array> } {
  const E = members.length;
  if (single.subnets.audio.hidden.length !== 1) throw new Error('packVoiceEnsemble: expects one hidden layer in the audio subnet');
  const [H] = single.subnets.audio.hidden;
  const O = single.subnets.audio.out;
  const P = single.post.audio.dim;
  const K = single.classHeads.audio!.classes.length;
  const D = single.dims.audio;
  const out: Record<string, Float32Array> = {};
  const concatCols = (name: string, rows: number, cols: number) => {
    const W = new Float32Array(rows * cols * E);
    members.forEach((m, e) => {
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) W[i * cols * E + e * cols + j] = m[`${name}.W`][i * cols + j];
    });
    out[`${name}.W`] = W;
    out[`${name}.b`] = Float32Array.from({ length: cols * E }, (_, k) => members[Math.floor(k / cols)][`${name}.b`][k % cols]);
  };
  const blockDiag = (name: string, rows: number, cols: number) => {
    const W = new Float32Array(rows * E * cols * E);
    members.forEach((m, e) => {
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) W[(e * rows + i) * cols * E + e * cols + j] = m[`${name}.W`][i * cols + j];
    });
    out[`${name}.W`] = W;
    out[`${name}.b`] = Float32Array.from({ length: cols * E }, (_, k) => members[Math.floor(k / cols)][`${name}.b`][k % cols]);
  };
  concatCols('sub.audio.0', D, H);
  blockDiag('sub.audio.1', H, O);
  blockDiag('post.audio', O, P);
  blockDiag('head.audio.0', P, P);
  // Mean of the members' logits.
  const W1 = new Float32Array(P * E * K);
  members.forEach((m, e) => {
    for (let i = 0; i < P; i++) for (let k = 0; k < K; k++) W1[(e * P + i) * K + k] = m['head.audio.1.W'][i * K + k] / E;
  });
  out['head.audio.1.W'] = W1;
  out['head.audio.1.b'] = Float32Array.from({ length: K }, (_, k) => members.reduce((a, m) => a + m['head.audio.1.b'][k], 0) / E);
  // post.fused: [text | audio | video] rows; the audio rows grow from O to O·E (zeros: not fused).
  const F = single.post.fused.dim;
  const T = single.subnets.text.out;
  const Vd = single.subnets.video.out;
  const pf = into['post.fused.W'];
  const PF = new Float32Array((T + O * E + Vd) * F);
  PF.set(pf.subarray(0, T * F), 0);
  PF.set(pf.subarray((T + O) * F, (T + O + Vd) * F), (T + O * E) * F);
  out['post.fused.W'] = PF;
  // cpc.audio: [fused dim, O] -> [fused dim, O·E], each block the same predictor.
  const cpc = into['cpc.audio.W'];
  const C = new Float32Array(F * O * E);
  for (let i = 0; i < F; i++) for (let e = 0; e < E; e++) for (let j = 0; j < O; j++) C[i * O * E + e * O + j] = cpc[i * O + j];
  out['cpc.audio.W'] = C;
  out['cpc.audio.b'] = Float32Array.from({ length: O * E }, (_, k) => into['cpc.audio.b'][k % O]);
  return { subnet: { ...single.subnets.audio, hidden: [H * E], out: O * E }, post: { ...single.post.audio, dim: P * E }, weights: out };
}

/** The audio path's scores (expected valence, clipped) and logits on `items`. */
export function voiceOutputs(weights: Record<string, Float32Array>, cfg: SelfMiConfig, norm: Norm, items: VoiceItem[]): { score: Float32Array; logits: Float32Array } {
  const set = toMatrices(items.map(seg), cfg, norm);
  const n = items.length;
  const params = toTensors(weights, cfg, false);
  try {
    const [s, l] = tf.tidy(() => {
      const x = { text: tf.zeros([n, cfg.dims.text]) as tf.Tensor2D, audio: tf.tensor2d(set.x.audio.data, [n, cfg.dims.audio]), video: tf.zeros([n, cfg.dims.video]) as tf.Tensor2D };
      const o = forward(params, x, cfg, null, ['audio']);
      return [tf.clipByValue(o.raw.audio, -cfg.scoreRange, cfg.scoreRange), o.logits.audio!];
    });
    const out = { score: s.dataSync() as Float32Array, logits: l.dataSync() as Float32Array };
    s.dispose();
    l.dispose();
    return out;
  } finally {
    Object.values(params).forEach((t) => t.dispose());
  }
}
