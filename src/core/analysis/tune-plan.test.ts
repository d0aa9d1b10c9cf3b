import { describe, expect, it } from 'vitest';
import { EpochClock } from './epoch-clock';
import { decide, planFor } from './tune-plan';

describe('tune plan', () => {
  it('trains fewer parameters, pulled harder toward the start, the fewer labels there are', () => {
    const three = planFor(3, { ulgm: true, cpc: true });
    const twenty = planFor(20, { ulgm: true, cpc: true });
    const fifty = planFor(50, { ulgm: true, cpc: true });
    const many = planFor(500, { ulgm: true, cpc: true });
    expect([three.regime, twenty.regime, fifty.regime, many.regime]).toEqual(['few', 'few', 'some', 'many']);
    expect(three.overrides.l2sp!).toBeGreaterThan(twenty.overrides.l2sp!);
    expect(twenty.overrides.l2sp!).toBeGreaterThan(fifty.overrides.l2sp!);
    expect(three.overrides.trainable).not.toContain('sub.text.0');
    expect(many.overrides.trainable).toEqual([]);
    expect(planFor(5, { ulgm: false, cpc: false }).overrides).toMatchObject({ ulgm: false, alpha: 0 });
  });

  it('activates only a candidate at least as good on MAE, with a bounded Corr drop', () => {
    expect(decide({ mae: 1.0, corr: 0.8 }, { mae: 0.9, corr: 0.79 }).better).toBe(true);
    expect(decide({ mae: 1.332, corr: 0.839 }, { mae: 1.571, corr: 0.499 })).toMatchObject({ better: false, reason: expect.stringMatching(/MAE 1\.332 → 1\.571/) });
    expect(decide({ mae: 1.0, corr: 0.8 }, { mae: 0.95, corr: 0.6 })).toMatchObject({ better: false, reason: expect.stringMatching(/Corr/) });
    expect(decide({ mae: 1.0, corr: NaN }, { mae: 1.0, corr: NaN }).better).toBe(true);
  });
});

describe('epoch clock', () => {
  it('waits for three whole trainings, then counts trainings as those after the first took, post-training work included', () => {
    let t = 0;
    const c = new EpochClock(6, 20, () => t);
    const training = (startup: number, epochs: number, epochMs: (e: number) => number, post: number, run: number) => {
      c.startRun();
      t += startup; // first epoch: start-up + epoch
      c.epochDone();
      for (let e = 2; e <= epochs; e++) {
        t += epochMs(e);
        c.epochDone();
        if (run < 3) expect(c.etaMs(run, e)).toBeNull();
      }
      c.endRun(epochs);
      t += post; // export, load, predict
    };
    // The first training of the process: first-time costs in its start-up and its post-training work.
    training(9000, 20, (e) => (e < 6 ? 600 : 100), 3000, 0);
    // A cold training's early epochs are slow, but no first-time costs: 2 + 4 × 0.6 + 15 × 0.1 + 1 = 6.9 s.
    training(2000, 20, (e) => (e < 6 ? 600 : 100), 1000, 1);
    // One that stopped early: 2 + 11 × 0.2 + 0.9 = 5.1 s.
    training(2000, 12, () => 200, 900, 2);
    c.startRun();
    t += 2000;
    c.epochDone();
    // The first left out: median of 6.9 and 5.1 = 6.0 s; what is left of this one + 2 more.
    expect(c.etaMs(3, 1)).toBe(6000 - 2000 + 2 * 6000);
    // A training running longer than the others: its recent epoch pace × the epochs expected to remain ((20 + 20 + 12) / 3).
    for (let e = 2; e <= 10; e++) {
      t += 700;
      c.epochDone();
    }
    expect(c.etaMs(3, 10)).toBe(Math.round(700 * (52 / 3 - 10) + 2 * 6000));
  });

  it('with only two trainings, estimates from the first once it is done', () => {
    let t = 0;
    const c = new EpochClock(2, 3, () => t);
    c.startRun();
    for (let e = 1; e <= 3; e++) {
      t += 1000;
      c.epochDone();
      expect(c.etaMs(0, e)).toBeNull();
    }
    c.endRun(3);
    t += 500;
    c.startRun();
    t += 1000;
    c.epochDone();
    expect(c.etaMs(1, 1)).toBe(2500);
  });
});
