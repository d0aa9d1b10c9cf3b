/**
 * ETA of a run of several trainings (k folds + the final fit) from measured epoch times. A training's
 * first epoch carries its start-up (worker, WASM, data), so it is timed apart: no ETA until a second
 * epoch has been timed; then median epoch time × epochs to come + median start-up × trainings to come,
 * where a training that stopped early teaches how many epochs the rest will take.
 */
export class EpochClock {
  private firstMs: number[] = [];
  private epochMs: number[] = [];
  private epochsPerRun: number[] = [];
  private lastAt = 0;
  private inRun = 0;

  constructor(
    private readonly runs: number,
    private readonly maxEpochs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  startRun(): void {
    this.lastAt = this.now();
    this.inRun = 0;
  }

  epochDone(): void {
    const t = this.now();
    (this.inRun === 0 ? this.firstMs : this.epochMs).push(t - this.lastAt);
    this.lastAt = t;
    this.inRun++;
  }

  endRun(epochsRun: number): void {
    this.epochsPerRun.push(epochsRun);
  }

  /** Remaining milliseconds after `epoch` of `run` (0-based run), or null before two epochs were timed. */
  etaMs(run: number, epoch: number): number | null {
    if (this.epochMs.length === 0) return null;
    const perEpoch = median(this.epochMs);
    const startup = median(this.firstMs);
    const expected = this.epochsPerRun.length > 0 ? this.epochsPerRun.reduce((a, b) => a + b, 0) / this.epochsPerRun.length : this.maxEpochs;
    const leftHere = Math.max(0, Math.min(this.maxEpochs, Math.max(expected, epoch)) - epoch);
    const leftRuns = Math.max(0, this.runs - run - 1);
    return Math.round(perEpoch * (leftHere + leftRuns * Math.max(0, expected - 1)) + leftRuns * startup);
  }
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
