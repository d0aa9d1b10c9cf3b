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
  it('waits for a whole training, then counts trainings as the recent ones took, post-training work included', () => {
    let t = 0;
    const c = new EpochClock(4, 20, () => t);
    c.startRun();
    t += 5000; // first epoch: start-up + epoch
    c.epochDone();
    for (let e = 2; e <= 20; e++) {
      t += e < 6 ? 600 : 100; // early epochs of a cold training are slow
      c.epochDone();
      expect(c.etaMs(0, e)).toBeNull();
    }
    c.endRun(20);
    t += 1000; // export, load, predict
    // Training 1 took 5 + 4 × 0.6 + 15 × 0.1 + 1 = 9.9 s start to start.
    c.startRun();
    t += 3000;
    c.epochDone();
    expect(c.etaMs(1, 1)).toBe(9900 - 3000 + 2 * 9900);
    for (let e = 2; e <= 12; e++) {
      t += 200;
      c.epochDone();
    }
    c.endRun(12); // stopped early
    t += 900;
    // Training 2: 3 + 11 × 0.2 + 0.9 = 6.1 s; the first (with the process's first-time costs) is left out now.
    c.startRun();
    t += 2000;
    c.epochDone();
    expect(c.etaMs(2, 1)).toBe(6100 - 2000 + 6100);
    // A training running longer than the others: its recent epoch pace × the epochs expected to remain.
    for (let e = 2; e <= 10; e++) {
      t += 700;
      c.epochDone();
    }
    expect(c.etaMs(2, 10)).toBe(700 * (16 - 10) + 6100);
  });
});
