/**
 * The three loss terms of Self-MI (DESIGN.md §3), as differentiable tf.js functions over a batch.
 * scripts/reference/selfmi_reference.py computes the same terms in PyTorch; parity.test.ts holds
 * both to the same numbers and gradients.
 */
import { tf } from './tf';
import { MODALITIES, type Head, type Modality } from './config';
import { mm } from './matmul';

/** mean_i( w_i · |ŷ_i − y_i| ); w = null means w_i = 1 (the fused head). */
export function weightedL1(pred: tf.Tensor1D, target: tf.Tensor1D, weight: tf.Tensor1D | null): tf.Scalar {
  const err = tf.abs(tf.sub(pred, target));
  return tf.mean(weight ? tf.mul(weight, err) : err) as tf.Scalar;
}

/**
 * L_task = L1(ŷ_m, y_m) + Σ_s mean(tanh|y_s − y_m| · |ŷ_s − y_s|) over s in {t, a, v}.
 * Labels come from the ULGM bank, so they are constants here.
 */
export function taskLoss(pred: Record<Head, tf.Tensor1D>, labels: Record<Head, tf.Tensor1D>, ulgm = true): tf.Scalar {
  let loss = weightedL1(pred.fused, labels.fused, null);
  for (const m of MODALITIES) {
    // Without ULGM (ablation) every head learns y_m directly, weight 1.
    if (!ulgm) {
      loss = tf.add(loss, weightedL1(pred[m], labels.fused, null));
      continue;
    }
    const w = tf.tanh(tf.abs(tf.sub(labels[m], labels.fused))) as tf.Tensor1D;
    loss = tf.add(loss, weightedL1(pred[m], labels[m], w));
  }
  return loss;
}

/**
 * InfoNCE as MMIM's CPC: h and G(z) L2-normalised, scores <h_i, g_j> over the batch,
 * L = −mean_i( <h_i, g_i> − log Σ_j exp <h_i, g_j> ).
 */
export function infoNce(h: tf.Tensor2D, g: tf.Tensor2D): tf.Scalar {
  // sqrt(Σx²) rather than tf.norm, whose Pow and its gradient cost a millisecond a call on WASM.
  const l2 = (t: tf.Tensor2D) => tf.sqrt(tf.sum(tf.square(t), 1, true));
  const hn = tf.div(h, l2(h));
  const gn = tf.div(g, l2(g));
  const pos = tf.sum(tf.mul(hn, gn), 1);
  // Cosine scores lie in [-1, 1], so exp cannot overflow and log-sum-exp needs no max shift;
  // tf.logSumExp's max (and its gradient mask) cost more than the rest of the term on WASM.
  const neg = tf.log(tf.sum(tf.exp(mm(hn as tf.Tensor2D, tf.transpose(gn) as tf.Tensor2D)), 1));
  return tf.neg(tf.mean(tf.sub(pos, neg))) as tf.Scalar;
}

export function cpcLoss(h: Record<Modality, tf.Tensor2D>, g: Record<Modality, tf.Tensor2D>): { total: tf.Scalar; per: Record<Modality, tf.Scalar> } {
  const per = {} as Record<Modality, tf.Scalar>;
  let total: tf.Scalar = tf.scalar(0);
  for (const m of MODALITIES) {
    per[m] = infoNce(h[m], g[m]);
    total = tf.add(total, per[m]);
  }
  return { total, per };
}
