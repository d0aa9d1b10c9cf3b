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
  it('has no ETA until a second epoch is timed, keeps start-up apart, and learns from early stops', () => {
    let t = 0;
    const c = new EpochClock(3, 10, () => t);
    c.startRun();
    t += 5000; // first epoch: 3 s start-up + 2 s
    c.epochDone();
    expect(c.etaMs(0, 1)).toBeNull();
    t += 2000;
    c.epochDone();
    // 8 epochs left here + 2 runs of (start-up 5 s + 9 epochs of 2 s).
    expect(c.etaMs(0, 2)).toBe(2000 * 8 + 2 * (5000 + 2000 * 9));
    for (let e = 3; e <= 4; e++) {
      t += 2000;
      c.epochDone();
    }
    c.endRun(4); // stopped early after 4 epochs
    c.startRun();
    t += 5000;
    c.epochDone();
    expect(c.etaMs(1, 1)).toBe(2000 * 3 + (5000 + 2000 * 3));
  });
});
