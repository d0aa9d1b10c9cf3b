/**
 * ETA of a run of several trainings (k folds + the final fit) from measured epoch times: none until
 * the first epoch has finished; after that, the mean epoch time so far times the epochs still to
 * come, where a training that stopped early teaches how many epochs the rest will take.
 */
export class EpochClock {
  private epochMs: number[] = [];
  private epochsPerRun: number[] = [];
  private lastEpochAt = 0;

  constructor(
    private readonly runs: number,
    private readonly maxEpochs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  startRun(): void {
    this.lastEpochAt = this.now();
  }

  epochDone(): void {
    const t = this.now();
    this.epochMs.push(t - this.lastEpochAt);
    this.lastEpochAt = t;
  }

  endRun(epochsRun: number): void {
    this.epochsPerRun.push(epochsRun);
  }

  /** Remaining milliseconds after `epoch` of `run` (0-based run), or null before any epoch finished. */
  etaMs(run: number, epoch: number): number | null {
    if (this.epochMs.length === 0) return null;
    const perEpoch = this.epochMs.reduce((a, b) => a + b, 0) / this.epochMs.length;
    const expected = this.epochsPerRun.length > 0 ? this.epochsPerRun.reduce((a, b) => a + b, 0) / this.epochsPerRun.length : this.maxEpochs;
    const leftHere = Math.max(0, Math.min(this.maxEpochs, Math.max(expected, epoch)) - epoch);
    const leftRuns = Math.max(0, this.runs - run - 1);
    return Math.round(perEpoch * (leftHere + leftRuns * expected));
  }
}
