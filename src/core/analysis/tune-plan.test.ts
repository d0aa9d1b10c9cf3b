import { describe, expect, it } from 'vitest';
import { EpochClock } from './epoch-clock';
import { decide, maeGain, planFor } from './tune-plan';

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

  it('activates a candidate only for a MAE gain chance does not explain, with a bounded Corr drop', () => {
    const truth = [2, -1, 0.5, 1, -2, 0];
    const before = [1, 0, 0, 0, -1, 1];
    // Every one of 6 segments 0.5 closer: p = 1/64.
    const closer = truth.map((t, i) => before[i] + 0.5 * Math.sign(t - before[i]));
    expect(maeGain({ before, after: closer, truth }).p).toBeCloseTo(1 / 64, 12);
    expect(decide({ before, after: closer, truth })).toMatchObject({ better: true, reason: expect.stringMatching(/MAE 0\.917 → 0\.417/) });
    // The same kind of gain on 3 segments: the smallest p three can give is 1/8, above the level.
    const three = decide({ before: before.slice(0, 3), after: closer.slice(0, 3), truth: truth.slice(0, 3) });
    expect(three.better).toBe(false);
    expect(three.reason).toMatch(/chance.*p cannot go below 0\.125/);
    // A mean gain from one lucky segment: 1 closer, one 0.4 further, four unchanged.
    const lucky = [...before];
    lucky[0] = truth[0];
    lucky[1] = 0.4;
    // Sign patterns of (1, 0.4) with total >= 0.6: (+,+) and (+,−), times 2^4 for the zeros: p = 1/2.
    expect(maeGain({ before, after: lucky, truth }).p).toBeCloseTo(0.5, 12);
    expect(decide({ before, after: lucky, truth }).better).toBe(false);
    // Worse, and no change at all.
    expect(decide({ before, after: before.map((b) => b + 1), truth })).toMatchObject({ better: false, reason: expect.stringMatching(/higher/) });
    expect(decide({ before, after: before, truth })).toMatchObject({ better: false, reason: expect.stringMatching(/no gain/) });
    // Every segment closer (0.45|t| off instead of 0.5|t|), but alternating over and under: Corr drops by more than 0.05.
    const t2 = [3, 2, 1, 0, -1, -2, -3, 0.5];
    const b2 = t2.map((t) => 0.5 * t);
    const a2 = t2.map((t, i) => t * (i % 2 === 0 ? 1.45 : 0.55));
    expect(decide({ before: b2, after: a2, truth: t2 })).toMatchObject({ better: false, reason: expect.stringMatching(/Corr/) });
  });

  it('estimates the sign-flip p by seeded draws beyond 16 segments, close to the exact one', () => {
    const n = 30;
    const truth = Array.from({ length: n }, (_, i) => ((i * 7) % 13) / 2 - 3);
    const before = truth.map((t, i) => t + (i % 3) - 1);
    // Half the segments a little closer, the rest a little further: no clear gain.
    const after = before.map((b, i) => b + (i % 2 === 0 ? 0.1 : -0.1) * Math.sign(truth[i] - b));
    const a = maeGain({ before, after, truth });
    expect(a.p).toBe(maeGain({ before, after, truth }).p);
    expect(a.p).toBeGreaterThan(0.2);
    // Every segment closer: far below the level.
    const all = before.map((b, i) => b + 0.2 * Math.sign(truth[i] - b));
    expect(maeGain({ before, after: all, truth }).p).toBeLessThan(0.001);
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
