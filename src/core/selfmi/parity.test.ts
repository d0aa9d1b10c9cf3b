/**
 * The TypeScript loss terms, their gradients and one ULGM update against the PyTorch reference
 * (scripts/reference/selfmi_reference.py, float64). Tolerance: relative difference <= 1e-4, taken
 * against max(|reference|, 1e-3) so that entries that are ~0 in float64 do not demand float32 digits
 * they cannot have.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { tf, initTf } from './tf';
import { HEADS, MODALITIES, type Head, type Modality } from './config';
import { cpcLoss, taskLoss } from './losses';
import { LabelBank } from './ulgm';
import { mm } from './matmul';

const fx = JSON.parse(readFileSync(new URL('./__fixtures__/parity.json', import.meta.url), 'utf8'));
const REL = 1e-4;

function worstRel(actual: ArrayLike<number>, expected: number[]): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), 1e-3));
  return worst;
}
const flat = (a: number[] | number[][]): number[] => (a as unknown[]).flat() as number[];

describe('Self-MI parity with the PyTorch reference', () => {
  beforeAll(async () => {
    await initTf('wasm');
  });

  it('loss values and gradients match', () => {
    const index: number[] = fx.index;
    const inp = fx.inputs;
    const preds = HEADS.map((h) => tf.tensor1d(inp.pred[h]));
    const hs = MODALITIES.map((m) => tf.tensor2d(inp.h[m]));
    const z = tf.tensor2d(inp.z);
    const Gs = MODALITIES.flatMap((m) => [tf.tensor2d(inp.G[m].W), tf.tensor1d(inp.G[m].b)]);
    const labels = {} as Record<Head, tf.Tensor1D>;
    for (const h of HEADS) labels[h] = tf.tensor1d(index.map((i) => inp.bankLabels[h][i]));

    const parts: Record<string, number> = {};
    const f = (...xs: tf.Tensor[]) => {
      const pred = Object.fromEntries(HEADS.map((h, i) => [h, xs[i]])) as Record<Head, tf.Tensor1D>;
      const h = Object.fromEntries(MODALITIES.map((m, i) => [m, xs[4 + i]])) as Record<Modality, tf.Tensor2D>;
      const zz = xs[7] as tf.Tensor2D;
      const g = Object.fromEntries(MODALITIES.map((m, i) => [m, tf.add(mm(zz, xs[8 + 2 * i] as tf.Tensor2D), xs[9 + 2 * i])])) as Record<Modality, tf.Tensor2D>;
      const task = taskLoss(pred, labels);
      const cpc = cpcLoss(h, g);
      parts.task = task.dataSync()[0];
      parts.cpc = cpc.total.dataSync()[0];
      for (const m of MODALITIES) parts[m] = cpc.per[m].dataSync()[0];
      return tf.add(task, tf.mul(fx.alpha, cpc.total)) as tf.Scalar;
    };
    const { value, grads } = tf.valueAndGrads(f)([...preds, ...hs, z, ...Gs]);
    const L = fx.losses;
    expect(worstRel([value.dataSync()[0]], [L.total])).toBeLessThanOrEqual(REL);
    expect(worstRel([parts.task], [L.task])).toBeLessThanOrEqual(REL);
    expect(worstRel([parts.cpc], [L.cpc])).toBeLessThanOrEqual(REL);
    for (const m of MODALITIES) expect(worstRel([parts[m]], [L.nce[m]])).toBeLessThanOrEqual(REL);

    const G = fx.grads;
    const expected: Array<[string, number[]]> = [
      ...HEADS.map((h) => [`d/d pred.${h}`, G.pred[h]] as [string, number[]]),
      ...MODALITIES.map((m) => [`d/d h.${m}`, flat(G.h[m])] as [string, number[]]),
      ['d/d z', flat(G.z)],
      ...MODALITIES.flatMap((m) => [[`d/d G.${m}.W`, flat(G.G[m].W)], [`d/d G.${m}.b`, G.G[m].b]] as Array<[string, number[]]>),
    ];
    const report: Record<string, number> = {};
    expected.forEach(([name, ref], i) => (report[name] = worstRel(grads[i].dataSync(), ref)));
    for (const [name, rel] of Object.entries(report)) expect(rel, name).toBeLessThanOrEqual(REL);
    if (process.env.PARITY_REPORT) console.log(JSON.stringify({ worstGradRel: Math.max(...Object.values(report)), report }));
    // A wrong sign or a dropped term would be far off, not marginally so: check the test can fail.
    expect(worstRel(grads[0].dataSync(), G.pred.fused.map((v: number) => -v))).toBeGreaterThan(1);
  });

  it('one ULGM update (relative-distance labels, momentum, centres) matches', () => {
    const u = fx.ulgm;
    const index: number[] = fx.index;
    const yM: number[] = fx.inputs.bankLabels.fused;
    const dims = Object.fromEntries(HEADS.map((h) => [h, u.bankFeatures[h][0].length])) as Record<Head, number>;
    const bank = new LabelBank(yM, dims, u.excludeZero, 3);
    for (const m of MODALITIES) bank.labels[m].set(fx.inputs.bankLabels[m]);
    for (const h of HEADS) bank.features[h].set(flat(u.bankFeatures[h]));
    bank.updateCentres();
    for (const h of HEADS) {
      expect(worstRel(bank.centres[h].pos, u.centresBefore[h].pos)).toBeLessThanOrEqual(REL);
      expect(worstRel(bank.centres[h].neg, u.centresBefore[h].neg)).toBeLessThanOrEqual(REL);
    }
    const batch = Object.fromEntries(HEADS.map((h) => [h, Float32Array.from(flat(u.batchFeatures[h]))])) as Record<Head, Float32Array>;
    bank.step(index, batch, u.epoch);
    for (const h of HEADS) {
      expect(worstRel(bank.labels[h], u.labelsAfter[h]), `labels ${h}`).toBeLessThanOrEqual(REL);
      expect(worstRel(bank.centres[h].pos, u.centresAfter[h].pos)).toBeLessThanOrEqual(REL);
      expect(worstRel(bank.centres[h].neg, u.centresAfter[h].neg)).toBeLessThanOrEqual(REL);
    }
    // y_m is never changed, and the unimodal labels did move.
    expect(Array.from(bank.labels.fused)).toEqual(yM);
    expect(worstRel(bank.labels.text, fx.inputs.bankLabels.text)).toBeGreaterThan(1e-3);
  });
});
