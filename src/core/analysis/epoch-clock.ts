/**
 * ETA of a run of several trainings (k folds + the final fit) from measured epoch times. A training's
 * first epoch carries its start-up (worker, WASM, data), so it is timed apart, and the next few are
 * still warming up (measured: the ETA after epoch 2 was 2.5x the truth in e2e). So: no ETA until
 * MIN_TIMED epochs after a first one are timed, or a training has finished; then the median of the
 * latest RECENT epoch times × epochs to come + median start-up × trainings to come, where a training
 * that stopped early teaches how many epochs the rest will take.
 */
const MIN_TIMED = 4;
const RECENT = 8;

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

  /** Remaining milliseconds after `epoch` of `run` (0-based run), or null while there is too little to go on. */
  etaMs(run: number, epoch: number): number | null {
    if (this.epochMs.length < MIN_TIMED && this.epochsPerRun.length === 0) return null;
    if (this.epochMs.length === 0) return null;
    const perEpoch = median(this.epochMs.slice(-RECENT));
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
