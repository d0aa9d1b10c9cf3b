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
  it('waits for a few timed epochs, keeps start-up apart, follows the recent pace, and learns from early stops', () => {
    let t = 0;
    const c = new EpochClock(3, 20, () => t);
    c.startRun();
    t += 5000; // first epoch: start-up + epoch
    c.epochDone();
    t += 6000; // still warming up
    c.epochDone();
    expect(c.etaMs(0, 2)).toBeNull();
    for (let e = 3; e <= 12; e++) {
      t += 2000;
      c.epochDone();
    }
    // The latest 8 epochs took 2 s each: 8 epochs left here + 2 runs of (start-up 5 s + 19 epochs).
    expect(c.etaMs(0, 12)).toBe(2000 * 8 + 2 * (5000 + 2000 * 19));
    c.endRun(12); // stopped early after 12 epochs
    c.startRun();
    t += 5000;
    c.epochDone();
    expect(c.etaMs(1, 1)).toBe(2000 * 11 + (5000 + 2000 * 11));
  });
});
