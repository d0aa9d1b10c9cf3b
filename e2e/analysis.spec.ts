import type { Page } from '@playwright/test';
import { dbLabels, expect, shot, test } from './support/app';
import { cliJson } from './support/host';
import { meeting } from './support/fixtures';
import { SENTENCE_SCORES } from '../scripts/fixtures/meeting';

/** Analyse and tune run the real feature extractors, the shipped Self-MI model and the trainer. */
async function runJob(page: Page, kind: 'analyze' | 'tune', start: () => Promise<void>): Promise<void> {
  await start();
  const job = page.locator(`[data-testid="job-progress"] .job[data-kind="${kind}"]`);
  await expect(job.first()).toBeVisible();
  await expect(job.first()).toHaveAttribute('data-state', /done|failed|cancelled/, { timeout: 600_000 });
  const text = await job.first().innerText();
  expect(await job.first().getAttribute('data-state'), text).toBe('done');
}

type EtaLog = { eta: { id: string; at: number; ms: number; stage: string }[]; doneAt: Record<string, number> };

/**
 * Clicks Tune and records every ETA the jobs bar shows for that job, with the time it was shown,
 * against the time that really remained (until the same job turned done). Keyed by job id: an
 * earlier tuning job may still be listed.
 */
async function tuneWatchingEta(page: Page, screenshot: string) {
  await page.evaluate(() => {
    const w = window as unknown as { etaLog: EtaLog };
    w.etaLog = { eta: [], doneAt: {} };
    const seen = new Set<string>();
    const timer = setInterval(() => {
      for (const el of document.querySelectorAll('.job[data-kind="tune"]')) {
        const id = el.getAttribute('data-job-id') ?? '';
        const state = el.getAttribute('data-state');
        if (state === 'running') {
          seen.add(id);
          const ms = el.getAttribute('data-eta-ms');
          if (ms !== null) w.etaLog.eta.push({ id, at: Date.now(), ms: Number(ms), stage: el.querySelector('.job-stage')?.textContent ?? '' });
        } else if (seen.has(id) && !(id in w.etaLog.doneAt)) w.etaLog.doneAt[id] = Date.now();
      }
    }, 200);
    setTimeout(() => clearInterval(timer), 900_000);
  });
  await page.getByTestId('tune-button').click();
  const running = page.locator('[data-testid="job-progress"] .job[data-kind="tune"][data-state="running"]');
  await running.first().waitFor({ timeout: 60_000 });
  const jobId = (await running.first().getAttribute('data-job-id'))!;
  const thisJob = page.locator(`[data-testid="job-progress"] .job[data-job-id="${jobId}"]`);
  await page.locator(`[data-testid="job-progress"] .job[data-job-id="${jobId}"][data-eta-ms]`).waitFor({ timeout: 600_000 });
  await shot(page, screenshot);
  await expect(thisJob).toHaveAttribute('data-state', /done|failed|cancelled/, { timeout: 600_000 });
  expect(await thisJob.getAttribute('data-state'), await thisJob.innerText()).toBe('done');
  await expect.poll(() => page.evaluate((id) => (window as unknown as { etaLog: EtaLog }).etaLog.doneAt[id], jobId)).toBeGreaterThan(0);
  const etaLog = await page.evaluate(() => (window as unknown as { etaLog: EtaLog }).etaLog);
  const end = etaLog.doneAt[jobId];
  const log = etaLog.eta.filter((e) => e.id === jobId);
  expect(log.length).toBeGreaterThan(0);
  const ratios = log.map((e) => ({ ratio: e.ms / (end - e.at), left: end - e.at }));
  const first = ratios[0];
  // Those shown while at least 5 s remained (near the end the remaining time is too short to judge a ratio).
  const judged = ratios.filter((r) => r.left >= 5_000);
  const within = judged.filter((r) => r.ratio >= 0.5 && r.ratio <= 1.5).length;
  const range = judged.length ? `${Math.min(...judged.map((r) => r.ratio)).toFixed(2)}–${Math.max(...judged.map((r) => r.ratio)).toFixed(2)}` : 'none';
  const summary =
    `tune ETA: first ${(log[0].ms / 1000).toFixed(1)} s with ${(first.left / 1000).toFixed(1)} s left (ratio ${first.ratio.toFixed(2)}); ` +
    `${within}/${judged.length} readings with >= 5 s left within ±50 % (ratios ${range}); the job ran ${((end - log[0].at) / 1000).toFixed(1)} s after its first ETA`;
  if (process.env.ATTUNE_ETA_DEBUG) for (const [i, e] of log.entries()) if (i % 5 === 0) console.log(JSON.stringify(e), ratios[i].ratio.toFixed(2), (ratios[i].left / 1000).toFixed(1));
  return { first, judged, within, summary };
}

async function analyse(page: Page): Promise<void> {
  await page.getByTestId('nav-library').click();
  await runJob(page, 'analyze', () => page.getByTestId('analyze-button').click());
}

test.describe('analysis, queue and tuning in the browser host', () => {
  test.setTimeout(900_000);

  test('a long job shows its progress in every view and can be cancelled from any of them', async ({ imported, project, app: page }) => {
    expect(imported.segments).toBeGreaterThan(0);
    // A second, longer recording, so the analysis is still running when the cancel is clicked (the
    // six-cue meeting alone sometimes finished first and the Cancel button was gone).
    const long = meeting(30);
    cliJson(['import', long.media, '--transcript', long.vtt, '--project', project]);
    await page.getByTestId('nav-library').click();
    await page.getByTestId('analyze-button').click();
    const job = page.locator('[data-testid="job-progress"] .job[data-kind="analyze"]');
    await expect(job).toHaveAttribute('data-state', 'running');
    await page.getByTestId('nav-review').click();
    await expect(page.getByTestId('job-progress')).toContainText('analyze');
    await expect(job.locator('.job-stage')).not.toHaveText('');
    await shot(page, '09-review-job-running');
    await job.getByTestId('job-cancel').click();
    await expect(job).toHaveAttribute('data-state', 'cancelled', { timeout: 120_000 });
  });

  test('analyse fills every track, and the queue explains what to label next', async ({ imported, app: page, project }) => {
    await analyse(page);
    await page.getByTestId('nav-review').click();
    for (const t of ['track-text', 'track-audio', 'track-video', 'track-fused']) {
      await expect(page.getByTestId(t)).toHaveAttribute('data-count', String(imported.segments));
    }
    await page.getByTestId('segment-row').first().click();
    await expect(page.locator('.lp-score .lp-val').nth(3)).toHaveText(/^[+-]?\d/); // fused score shown
    await shot(page, '10-review-analysed');

    await page.getByTestId('nav-queue').click();
    const items = page.getByTestId('queue-item');
    await expect(items.first()).toBeVisible();
    await expect(items.first().getByTestId('queue-reason')).not.toHaveText('');
    await items.first().click();
    const firstId = await items.first().getAttribute('data-segment-id');
    await page.keyboard.press('6');
    // Labelling from the queue moves on to the next open item; the labelled one is done (or gone).
    await expect(page.locator('.queue-item.selected')).not.toHaveAttribute('data-segment-id', firstId!);
    await expect(page.locator(`.queue-item[data-segment-id="${firstId}"]:not(.done)`)).toHaveCount(0);
    await expect.poll(() => dbLabels(project).find((l) => l.segmentId === firstId)?.score).toBe(2);
    // The media moved to the next item too.
    const nextId = await page.locator('.queue-item.selected').getAttribute('data-segment-id');
    const next = cliJson<{ id: string; startMs: number }[]>(['segments', '--project', project]).find((x) => x.id === nextId)!;
    await expect.poll(() => page.getByTestId('video').evaluate((v: HTMLVideoElement) => Math.round(v.currentTime * 1000))).toBe(next.startMs);
    await shot(page, '11-queue');
  });

  test('tune at 3 labels never leaves a worse version active, then at 6 with an honest ETA, and compares the two', async ({ imported, project, app: page }) => {
    await analyse(page);
    await page.getByTestId('nav-review').click();
    const rows = page.getByTestId('segment-row');
    await rows.first().click();
    // An analyst's scores: each sentence's own sentiment (the generator's ground truth), as keys 1..7 = -3..+3.
    const keys = cliJson<{ text: string }[]>(['segments', '--project', project]).map((x) => String(Math.round(SENTENCE_SCORES[x.text] ?? 0) + 4));
    for (const key of keys.slice(0, 2)) await page.keyboard.press(key);
    await expect(page.getByTestId('row-label')).toHaveCount(2);
    // With 2 labels Tune is disabled and says why (issue 18, item 7).
    await page.getByTestId('nav-tune').click();
    await expect(page.getByTestId('tune-button')).toBeDisabled();
    await expect(page.getByTestId('tune-button')).toHaveAttribute('title', /at least 3 labels \(this project has 2\)/);
    // ULGM is off by default (bench:adapt: it raised MAE in 37 of 40 cells).
    await expect(page.getByTestId('tune-ulgm')).not.toBeChecked();
    await page.getByTestId('nav-review').click();
    await rows.nth(2).click();
    await page.keyboard.press(keys[2]);
    await expect(page.getByTestId('row-label')).toHaveCount(3);

    await page.getByTestId('nav-tune').click();
    const versions = page.getByTestId('model-version');
    const activeRow = versions.filter({ has: page.locator('.badge', { hasText: 'active' }) });
    const start = await versions.count();
    const activeBefore = await activeRow.getAttribute('data-version-id');
    // Before any tuning the view already says which version is active and why.
    await expect(page.getByTestId('tune-active')).toHaveAttribute('data-version-id', activeBefore!);
    await expect(page.getByTestId('tune-active')).toContainText('nothing has been tuned yet');
    await runJob(page, 'tune', () => page.getByTestId('tune-button').click());
    await expect(versions).toHaveCount(start + 1);
    const outcome = page.getByTestId('tune-outcome');
    await expect(outcome).toHaveAttribute('data-version-id', (await versions.last().getAttribute('data-version-id'))!);
    const activated3 = (await outcome.getAttribute('data-activated')) === 'true';
    expect(activated3, 'if-better activates exactly a candidate that passed the rule').toBe((await outcome.getAttribute('data-better')) === 'true');
    // Three labels cannot pass the rule's sign-flip test (its smallest p is 1/8), and the view says so.
    expect(activated3).toBe(false);
    await expect(outcome).toContainText(/no gain|higher|chance|Corr/);
    await expect(page.getByTestId('tune-verdict')).toContainText(activated3 ? 'Active' : 'Not better, not activated');
    await expect(page.getByTestId('tune-estimate').locator('tbody tr')).toHaveCount(4);
    await expect(page.getByTestId('tune-estimate')).toContainText('on your 3 labels');
    // Never a worse version left active: an activated candidate has a lower MAE (passing the sign-flip test) and at most 0.05 less Corr, on the same folds.
    const delta = async (k: string) => Number((await page.getByTestId(`delta-${k}`).innerText()).replace('−', '-').replace('±', ''));
    if (activated3) {
      expect(await delta('mae')).toBeLessThanOrEqual(0);
      expect(await delta('corr')).toBeGreaterThanOrEqual(-0.05);
    }
    const activeAfter3 = activated3 ? await outcome.getAttribute('data-version-id') : activeBefore;
    await expect(activeRow).toHaveAttribute('data-version-id', activeAfter3!);
    await expect(page.getByTestId('tune-active')).toHaveAttribute('data-version-id', activeAfter3!);
    await expect(page.getByTestId('tune-active')).toContainText(activated3 ? 'passed the rule' : 'did not pass the rule');
    // Below 10 labels there is no learning curve, and the view says why.
    await expect(page.getByTestId('learning-curve')).toHaveCount(0);
    await expect(page.getByTestId('learning-curve-note')).toContainText('at least 10 labels (this run had 3)');
    await shot(page, '12a-tune-3-labels');

    await page.getByTestId('nav-review').click();
    await rows.nth(3).click();
    for (const key of keys.slice(3, 6)) await page.keyboard.press(key);
    await expect(page.getByTestId('row-label')).toHaveCount(Math.min(6, imported.segments));
    await page.getByTestId('nav-tune').click();
    const before = await versions.count();
    // Shorter than the 10-label run below, so its ETA is only printed here (that one is checked).
    const eta6 = await tuneWatchingEta(page, '12-tune-running');
    console.log(`6 labels: ${eta6.summary}`);
    await expect(versions).toHaveCount(before + 1);
    await expect(versions.filter({ has: page.locator('.badge', { hasText: 'active' }) })).toHaveCount(1);
    // The view says whether the new version is active and why; a candidate that is not better is kept, not activated.
    await expect(outcome).toHaveAttribute('data-version-id', (await versions.last().getAttribute('data-version-id'))!);
    const activated = (await outcome.getAttribute('data-activated')) === 'true';
    await expect(page.getByTestId('tune-verdict')).toContainText(activated ? 'Active' : 'Not better, not activated');
    await expect(page.getByTestId('tune-estimate').locator('tbody tr')).toHaveCount(4);
    const newest = versions.last();
    await expect(newest.locator('.badge', { hasText: 'active' })).toHaveCount(activated ? 1 : 0);
    await shot(page, '12b-tune-outcome');

    const ids = await versions.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.versionId!));
    const boxes = page.getByRole('checkbox');
    await boxes.nth(ids.length - 2).check();
    await boxes.nth(ids.length - 1).check();
    await expect(page.getByTestId('compare-scatter').locator('circle')).toHaveCount(imported.segments);
    const caption = await page.locator('.compare figcaption').innerText();
    const changed = Number(/(\d+) of \d+ segments changed/.exec(caption)?.[1]);
    expect(changed, caption).toBeGreaterThan(0);
    await shot(page, '13-tune-compare');
  });

  test('with 10 labels: tune from the view with an honest ETA, and the learning curve the tuning stored, after a reload too', async ({ project, app: page }) => {
    const m = meeting(12);
    cliJson(['import', m.media, '--transcript', m.vtt, '--project', project]);
    cliJson(['analyze', '--ep', 'cpu', '--project', project]);
    const segs = cliJson<{ id: string; text: string }[]>(['segments', '--project', project]);
    expect(segs.length).toBeGreaterThanOrEqual(10);
    for (const x of segs.slice(0, 10)) cliJson(['label', x.id, String(SENTENCE_SCORES[x.text] ?? 0), '--project', project]);
    await page.reload();
    await expect(page.locator('html[data-ready="true"]')).toHaveCount(1);
    await page.getByTestId('nav-tune').click();
    await expect(page.getByTestId('learning-curve-note')).toContainText('learning curve yet: it is measured by a tuning run with at least 10 labels');
    // Tuning with 10 labels from the Tune view: 5 folds, 5 more for the curve's n = 5, the final fit.
    // The ETA, first shown once one training is timed, is checked against the time that really remained.
    const eta = await tuneWatchingEta(page, '12d-tune-10-labels-running');
    console.log(`10 labels: ${eta.summary}`);
    expect(eta.first.ratio).toBeGreaterThan(0.5);
    expect(eta.first.ratio).toBeLessThan(1.5);
    // The later ones follow the trainings as they come, so a load spike from other work on a shared
    // machine moves them (seen: 70-100 % of readings within ±50 %, extremes 0.49x and 1.85x); none is wild.
    for (const r of eta.judged) expect(r.ratio, eta.summary).toBeGreaterThan(0.4);
    for (const r of eta.judged) expect(r.ratio, eta.summary).toBeLessThan(2.5);
    const list = cliJson<{ id: string; config: { decision?: { activated: boolean } } }[]>(['models', '--project', project]);
    const res = { versionId: list[list.length - 1].id, activated: list[list.length - 1].config.decision?.activated === true };
    await expect(page.getByTestId('learning-curve')).toBeVisible();
    await page.reload();
    await expect(page.locator('html[data-ready="true"]')).toHaveCount(1);
    await page.getByTestId('nav-tune').click();
    await expect(page.getByTestId('tune-outcome')).toHaveAttribute('data-version-id', res.versionId);
    const curve = page.getByTestId('learning-curve');
    await expect(curve).toBeVisible();
    for (const metric of ['mae', 'corr']) {
      const panel = page.getByTestId(`learning-curve-${metric}`);
      await expect(panel.getByTestId('learning-curve-point')).toHaveCount(2);
      await expect(panel.locator('.lc-line.untuned')).toHaveCount(1);
      await expect(panel.locator('text.axis-title')).toHaveCount(2);
    }
    await expect(page.getByTestId('learning-curve-caption')).toContainText('fixed seed 1');
    await expect(page.getByTestId('learning-curve-caption')).toContainText('same folds');
    await expect(page.getByTestId('tune-active')).toContainText(res.activated ? 'passed the rule' : 'did not pass the rule');
    await shot(page, '12c-tune-learning-curve');
  });
});
