/**
 * Issue 9's "done when" on the shipped sample: tuning with 3, 5 and 10 labels (an analyst labelling
 * the top of the queue with each sentence's score, then `attune tune` with its default if-better)
 * never leaves a worse version active, and the CLI and the Tune view's report say which version is
 * active and why. The same procedure runs on a generated 10-minute meeting in
 * scripts/bench/tune-meeting.ts.
 */
import { describe, expect, it } from 'vitest';
import { SENTENCE_SCORES } from '../../../scripts/fixtures/meeting';
import { guardProblems, runTuneGuard } from '../../../scripts/bench/tune-guard';
import { useSampleProject } from '../test-util/sample-project';

const project = useSampleProject('tune-guard');

const score = (text: string) => {
  const s = SENTENCE_SCORES[text];
  if (s === undefined) throw new Error(`no analyst score for '${text}'`);
  return s;
};

describe('tuning on the shipped sample with 3, 5 and 10 labels', () => {
  it('never leaves a worse version active, and says which version is active and why', async () => {
    const { jobId } = await project.svc.api.startJob({ kind: 'analyze', params: { ep: 'cpu' } });
    for (;;) {
      const job = (await project.svc.api.listJobs({})).find((j) => j.id === jobId)!;
      if (job.state !== 'running') {
        expect(job.state, job.message ?? '').toBe('done');
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const cases = await runTuneGuard(project.svc, { labels: [3, 5, 10], score, log: (l) => console.log(l) });
    expect(cases.map((c) => c.labels)).toEqual([3, 5, 10]);
    for (const c of cases) {
      expect(guardProblems(c), JSON.stringify(c)).toEqual([]);
      expect(c.activeWhy).toMatch(c.activeAfter === c.versionId ? /passed the rule/ : /did not pass the rule|ships|not made by tuning|passed the rule/);
    }
    // With 10 labels the run measured the learning curve on the same folds; its last point is the estimate.
    const ten = (await project.svc.api.tuneReport({}))!;
    expect(ten.labelled).toBe(10);
    expect(ten.curve).not.toBeNull();
    const pts = ten.curve!.points;
    expect(pts.map((p) => p.n)).toEqual([5, 10]);
    expect(pts[1].mae).toBeCloseTo(ten.estimate.after.mae!, 9);
    expect(ten.curve!.untuned.mae).toBeCloseTo(ten.estimate.before.mae!, 9);
    expect(pts[0].trainLabels).toEqual([4, 4, 4, 4, 4]);
    for (const p of pts) expect(p.maeSe).not.toBeNull();
    // Below 10 labels the stored report says why there is no curve.
    const five = (await project.svc.api.tuneReport({ versionId: cases[1].versionId }))!;
    expect(five.curve).toBeNull();
    expect(five.curveNote).toMatch(/at least 10 labels \(this run had 5\)/);
  }, 600_000);
});
