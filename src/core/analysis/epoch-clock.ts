/**
 * ETA of a run of several trainings (k folds, the learning curve's, the final fit) from measured
 * times. Measured on the sample and in e2e: each training starts cold (its worker, WASM, JIT), so its
 * first epoch carries seconds of start-up and its later epochs run 3–10x faster than its early ones;
 * after each training come its export, load and predictions. Epoch times from the first training's
 * early epochs therefore overestimated the rest 1.3–2.7x (e2e sometimes past +50 %). The trainings
 * of one tuning run are alike (same data, same plan), so the unit of measure is a whole training,
 * timed from its start to the next one's (its post-training work included). The first training of
 * a process also carries its first-time costs (TF.js and ONNX Runtime loading, WASM compiling): in
 * e2e, with a fresh host, it took 3x the others, and an ETA from it was 2.96x the truth; with
 * trainings of about a second (e2e), one timed training after it was still too noisy (0.7x and
 * 1.6x). So: no ETA until two trainings after the first have finished (fewer where the run has
 * fewer: all but the last); then the median of the latest four after the first × trainings to
 * come, plus what is left of the current one (its expected length minus its elapsed time, or its
 * recent epoch pace once it runs longer).
 */
const RECENT_RUNS = 4;
const TIMED_RUNS = 3;
const RECENT_EPOCHS = 3;

export class EpochClock {
  /** Completed trainings, each from its start to the next one's start. */
  private runMs: number[] = [];
  private epochsPerRun: number[] = [];
  /** Epoch times of the current training after its first. */
  private epochMs: number[] = [];
  private runStart = -1;
  private lastAt = 0;
  private inRun = 0;
  private ended = false;

  constructor(
    private readonly runs: number,
    private readonly maxEpochs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  startRun(): void {
    const t = this.now();
    if (this.ended && this.runStart >= 0) this.runMs.push(t - this.runStart);
    this.runStart = t;
    this.lastAt = t;
    this.inRun = 0;
    this.ended = false;
    this.epochMs = [];
  }

  epochDone(): void {
    const t = this.now();
    if (this.inRun > 0) this.epochMs.push(t - this.lastAt);
    this.lastAt = t;
    this.inRun++;
  }

  endRun(epochsRun: number): void {
    this.epochsPerRun.push(epochsRun);
    this.ended = true;
  }

  /** Remaining milliseconds after `epoch` of `run` (0-based run), or null until three trainings (the first and two more) have been timed whole. */
  etaMs(run: number, epoch: number): number | null {
    if (this.runMs.length < Math.min(TIMED_RUNS, this.runs - 1)) return null;
    const pool = this.runMs.length > 1 ? this.runMs.slice(1) : this.runMs;
    const perRun = median(pool.slice(-RECENT_RUNS));
    const elapsed = this.now() - this.runStart;
    const expected = this.epochsPerRun.length > 0 ? this.epochsPerRun.reduce((a, b) => a + b, 0) / this.epochsPerRun.length : this.maxEpochs;
    const epochsLeft = Math.max(0, Math.min(this.maxEpochs, Math.max(expected, epoch)) - epoch);
    const pace = this.epochMs.length > 0 ? median(this.epochMs.slice(-RECENT_EPOCHS)) : 0;
    const leftHere = this.ended ? 0 : elapsed < perRun ? perRun - elapsed : pace * epochsLeft;
    const leftRuns = Math.max(0, this.runs - run - 1);
    return Math.round(leftHere + leftRuns * perRun);
  }
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
