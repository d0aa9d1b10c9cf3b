/**
 * Self-MM's unimodal label generation module (ULGM) over the labelled training segments.
 *
 * The bank keeps F_s of every labelled segment (last seen, detached) and labels y_s, initialised to
 * y_m. After each batch: (1) from epoch 2, relative-distance labels for the batch, momentum-blended;
 * (2) the batch's features enter the bank; (3) class centres are recomputed. That is Self-MM's order.
 * Plain arrays in float64: nothing here is differentiated, and the parity fixture is float64.
 */
import { HEADS, MODALITIES, type Head } from './config';

const EPS = 1e-8;

export interface Centre {
  pos: Float64Array;
  neg: Float64Array;
}

export class LabelBank {
  readonly size: number;
  readonly dims: Record<Head, number>;
  /** y_m: never changed. */
  readonly fused: Float64Array;
  /** y_s per unimodal head (fused entry aliases y_m). */
  readonly labels: Record<Head, Float64Array>;
  readonly features: Record<Head, Float32Array>;
  readonly centres: Record<Head, Centre>;

  constructor(
    yM: ArrayLike<number>,
    dims: Record<Head, number>,
    private readonly excludeZero: boolean,
    private readonly range: number,
  ) {
    this.size = yM.length;
    this.dims = dims;
    this.fused = Float64Array.from(yM);
    this.labels = { fused: this.fused } as Record<Head, Float64Array>;
    for (const m of MODALITIES) this.labels[m] = Float64Array.from(yM);
    this.features = {} as Record<Head, Float32Array>;
    this.centres = {} as Record<Head, Centre>;
    for (const h of HEADS) {
      // Self-MM starts the feature bank at zeros; the centres follow as batches fill it.
      this.features[h] = new Float32Array(this.size * dims[h]);
      this.centres[h] = { pos: new Float64Array(dims[h]), neg: new Float64Array(dims[h]) };
    }
  }

  labelsAt(head: Head, index: readonly number[]): Float32Array {
    const src = this.labels[head];
    return Float32Array.from(index, (i) => src[i]);
  }

  /**
   * feats[head] is a row-major [index.length, dims[head]] batch of F_s. `relabel[i]` false skips the
   * label update of batch row i (its features still enter the bank): the momentum rule expects one
   * update per segment and epoch, and a cycling labelled stream can show a segment several times.
   */
  step(index: readonly number[], feats: Record<Head, ArrayLike<number>>, epoch: number, relabel?: readonly boolean[]): void {
    if (epoch > 1) this.updateLabels(index, feats, epoch, relabel);
    this.updateFeatures(index, feats);
    this.updateCentres();
  }

  updateLabels(index: readonly number[], feats: Record<Head, ArrayLike<number>>, epoch: number, relabel?: readonly boolean[]): void {
    const deltaF = this.relativeDistance('fused', feats.fused, index.length);
    for (const m of MODALITIES) {
      const deltaS = this.relativeDistance(m, feats[m], index.length);
      const ys = this.labels[m];
      index.forEach((row, i) => {
        if (relabel && !relabel[i]) return;
        const ym = this.fused[row];
        const alpha = deltaS[i] / (deltaF[i] + EPS);
        let yNew = 0.5 * alpha * ym + 0.5 * (ym + deltaS[i] - deltaF[i]);
        yNew = Math.min(this.range, Math.max(-this.range, yNew));
        ys[row] = ((epoch - 1) / (epoch + 1)) * ys[row] + (2 / (epoch + 1)) * yNew;
      });
    }
  }

  /** (D^n − D^p) / (D^p + eps) per batch row. */
  private relativeDistance(head: Head, f: ArrayLike<number>, rows: number): Float64Array {
    const d = this.dims[head];
    const { pos, neg } = this.centres[head];
    const out = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      let dp = 0;
      let dn = 0;
      for (let j = 0; j < d; j++) {
        const v = f[i * d + j];
        dp += (v - pos[j]) ** 2;
        dn += (v - neg[j]) ** 2;
      }
      dp = Math.sqrt(dp);
      dn = Math.sqrt(dn);
      out[i] = (dn - dp) / (dp + EPS);
    }
    return out;
  }

  updateFeatures(index: readonly number[], feats: Record<Head, ArrayLike<number>>): void {
    for (const h of HEADS) {
      const d = this.dims[h];
      const bank = this.features[h];
      const f = feats[h];
      index.forEach((row, i) => {
        for (let j = 0; j < d; j++) bank[row * d + j] = f[i * d + j];
      });
    }
  }

  updateCentres(): void {
    for (const h of HEADS) {
      const d = this.dims[h];
      const y = this.labels[h];
      const bank = this.features[h];
      const pos = new Float64Array(d);
      const neg = new Float64Array(d);
      let np = 0;
      let nn = 0;
      for (let i = 0; i < this.size; i++) {
        const isPos = this.excludeZero ? y[i] > 0 : y[i] >= 0;
        const isNeg = y[i] < 0;
        if (!isPos && !isNeg) continue;
        const acc = isPos ? pos : neg;
        for (let j = 0; j < d; j++) acc[j] += bank[i * d + j];
        if (isPos) np++;
        else nn++;
      }
      // With a handful of labels one side can be empty; PyTorch's mean would give NaN and poison every
      // label. Keeping the previous centre is the one deviation from Self-MM here.
      if (np > 0) this.centres[h].pos = pos.map((v) => v / np);
      if (nn > 0) this.centres[h].neg = neg.map((v) => v / nn);
    }
  }
}
