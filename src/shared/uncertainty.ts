/**
 * Predictive intervals of a score with a Gaussian spread: one definition for the model, the CLI, the
 * UI and the metrics. A head's spread is the sd of its predictive distribution; its 80 % interval is
 * score ± Z80·sd, clipped to the score range.
 */

/** Standard normal quantile at 0.9: the half-width of an 80 % interval in sds. */
export const Z80 = 1.2815515655446004;

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 on erf, |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(x * x) / 2);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** The central `level` interval of N(score, sd²), clipped to [-range, range]. */
export function interval(score: number, sd: number, level = 0.8, range = 3): [number, number] {
  const half = (level === 0.8 ? Z80 : normalQuantile(0.5 + level / 2)) * sd;
  return [Math.max(-range, score - half), Math.min(range, score + half)];
}

/** "[lo, hi]" of the 80 % interval with each bound through `fmt`; '' where there is no spread. */
export function formatInterval(score: number, sd: number | null, fmt: (x: number) => string): string {
  if (sd === null || !Number.isFinite(sd)) return '';
  const [lo, hi] = interval(score, sd);
  return `[${fmt(lo)}, ${fmt(hi)}]`;
}

/**
 * Confidence in the polarity of a score: P(sign of the truth = sign of the score) under N(score, sd²).
 * 0.5 at a score of 0 or an infinite spread; NaN spread (no uncertainty model) gives NaN.
 */
export function polarityConfidence(score: number, sd: number): number {
  if (!Number.isFinite(sd) || sd <= 0) return Number.isNaN(sd) ? NaN : 0.5;
  return normalCdf(Math.abs(score) / sd);
}
