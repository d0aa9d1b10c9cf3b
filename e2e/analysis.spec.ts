import type { Page } from '@playwright/test';
import { dbLabels, expect, shot, test } from './support/app';
import { cliJson } from './support/host';
import { meeting } from './support/fixtures';

/** Analyse and tune run the real feature extractors, the shipped Self-MI model and the trainer. */
async function runJob(page: Page, kind: 'analyze' | 'tune', start: () => Promise<void>): Promise<void> {
  await start();
  const job = page.locator(`[data-testid="job-progress"] .job[data-kind="${kind}"]`);
  await expect(job.first()).toBeVisible();
  await expect(job.first()).toHaveAttribute('data-state', /done|failed|cancelled/, { timeout: 600_000 });
  const text = await job.first().innerText();
  expect(await job.first().getAttribute('data-state'), text).toBe('done');
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

  test('tune creates a new model version whose predictions differ, and compares the two', async ({ imported, app: page }) => {
    await analyse(page);
    await page.getByTestId('nav-review').click();
    const rows = page.getByTestId('segment-row');
    await rows.first().click();
    for (const key of ['7', '1', '6', '2', '5', '3'].slice(0, imported.segments)) await page.keyboard.press(key);
    await expect(page.getByTestId('row-label')).toHaveCount(Math.min(6, imported.segments));

    await page.getByTestId('nav-tune').click();
    const versions = page.getByTestId('model-version');
    const before = await versions.count();
    let eta: { at: number; ms: number } | null = null;
    await runJob(page, 'tune', async () => {
      await page.getByTestId('tune-button').click();
      await expect(page.getByTestId('job-progress')).toBeVisible();
      // The first ETA the job shows (once two epochs are timed) against the time it really took.
      const job = page.locator('.job[data-kind="tune"][data-eta-ms]');
      await job.first().waitFor({ timeout: 600_000 });
      eta = { at: Date.now(), ms: Number(await job.first().getAttribute('data-eta-ms')) };
      await shot(page, '12-tune-running');
    });
    const actual = Date.now() - eta!.at;
    console.log(`tune ETA after the first epochs: ${(eta!.ms / 1000).toFixed(1)} s, actual ${(actual / 1000).toFixed(1)} s (ratio ${(eta!.ms / actual).toFixed(2)})`);
    expect(eta!.ms / actual).toBeGreaterThan(0.5);
    expect(eta!.ms / actual).toBeLessThan(1.5);
    await expect(versions).toHaveCount(before + 1);
    await expect(versions.filter({ has: page.locator('.badge', { hasText: 'active' }) })).toHaveCount(1);
    // The view says whether the new version is active and why; a candidate that is not better is kept, not activated.
    const outcome = page.getByTestId('tune-outcome');
    await expect(outcome).toBeVisible();
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
});
