import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { addPoisoned, makeCorpus } from '../src/core/service/__fixtures__/corpus';
import { SCREENSHOTS, shot } from './support/app';
import { cli, cliJson, startServe } from './support/host';

/**
 * Issue 17's corpus view in the browser host: a project made by `attune batch` from a manifest of
 * three recordings (one a broken file, one with a speaker map) shows in the Library its counts, the
 * failure with import's message, and the corpus plots drawn from the scores the CLI prints.
 */
interface Pred {
  segmentId: string;
  speaker: string | null;
  scores: { fused: number };
}

test('the Library shows a batch corpus: counts, the failed file with its error, a line per recording and a mean per speaker', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-e2e-corpus-'));
  const media = path.join(dir, 'media');
  const project = path.join(dir, 'project');
  makeCorpus(media, 2);
  addPoisoned(media);
  const manifest = path.join(media, 'manifest.csv');
  fs.writeFileSync(manifest, 'media,transcript,speakers\nrec-001.mp4,rec-001.vtt,Alice=Ada;Bob=Ben\nrec-002.mp4,rec-002.vtt,Alice=Ada\nbroken.mp4,,\n');
  const run = cli(['batch', manifest, '--project', project, '--json']);
  expect(run.status, run.stderr).toBe(1);
  const doc = JSON.parse(run.stdout) as { done: number; failed: number; recordings: { media: string; error: string | null }[] };
  expect(doc).toMatchObject({ done: 2, failed: 1 });
  const failure = doc.recordings.find((r) => r.error)!.error!;
  const preds = cliJson<Pred[]>(['predictions', '--project', project]);

  const host = await startServe(project);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(host.url);
    await expect(page.locator('html[data-ready="true"]')).toHaveCount(1);
    await page.getByTestId('nav-library').click();
    const corpus = page.getByTestId('corpus');
    await expect(corpus.getByTestId('corpus-total')).toHaveText('3');
    await expect(corpus.getByTestId('corpus-done')).toHaveText('2 done');
    await expect(corpus.getByTestId('corpus-failed')).toHaveText('1 failed');
    await expect(corpus.getByTestId('corpus-pending')).toHaveText('0 pending');
    await expect(corpus.locator('[data-testid="corpus-row"][data-state="failed"]')).toHaveCount(1);
    await expect(corpus.locator('[data-testid="corpus-row"][data-state="failed"]')).toContainText('broken.mp4');
    await expect(corpus.getByTestId('corpus-error')).toHaveText(failure);
    await expect(corpus.locator('[data-testid="corpus-row"][data-state="done"]')).toHaveCount(2);
    await expect(corpus.locator('[data-testid="corpus-row"]').filter({ hasText: 'rec-001.mp4' })).toContainText('Alice=Ada;Bob=Ben');

    // One line per analysed recording, a point per scored segment, and the legend names them.
    const lines = corpus.getByTestId('corpus-series-line');
    await expect(lines).toHaveCount(2);
    for (const i of [0, 1]) await expect(lines.nth(i).locator('circle')).toHaveCount(2);
    await expect(corpus.getByTestId('corpus-series-legend')).toContainText('rec-001.mp4');
    await expect(corpus.getByTestId('corpus-series-legend')).toContainText('rec-002.mp4');

    // Speakers by the maps' names: Ada in both recordings, pooled (mean and interval of her two
    // segments' fused scores as the CLI prints them); Bob was left unmapped in rec-002.
    await expect(corpus.getByTestId('corpus-speaker')).toHaveCount(3);
    const ada = preds.filter((p) => p.speaker === 'Ada').map((p) => p.scores.fused);
    expect(ada).toHaveLength(2);
    const mean = (ada[0] + ada[1]) / 2;
    const half = (1.96 * Math.abs(ada[0] - ada[1])) / Math.sqrt(2) / Math.sqrt(2);
    await expect(corpus.locator('[data-speaker="Ada"] title')).toHaveText(`Ada: mean ${mean.toFixed(2)}, 95 % interval ${(mean - half).toFixed(2)}..${(mean + half).toFixed(2)}; segments 2, recordings 2`);
    await expect(corpus.locator('[data-speaker="Bob"] title')).toHaveText(/; segments 1, recordings 1$/);
    await corpus.scrollIntoViewIfNeeded();
    await shot(page, '17-library-corpus');
    await corpus.screenshot({ path: path.join(SCREENSHOTS, '17-corpus-card.png') });
    expect(errors).toEqual([]);
  } finally {
    await host.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
