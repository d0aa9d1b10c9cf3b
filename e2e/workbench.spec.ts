import type { Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, shot, test } from './support/app';
import { labelUndoReload, splitMergeNudge } from './scenarios';
import { brokenTranscript, EAF_XSD as xsd, meeting, needTool } from './support/fixtures';
import { cliJson, startServe } from './support/host';

/** Drops real files on an element the way a file manager does (a DataTransfer with File objects). */
async function dropFiles(page: Page, testId: string, files: string[]): Promise<void> {
  const payload = files.map((f) => ({ name: path.basename(f), b64: fs.readFileSync(f).toString('base64') }));
  const dt = await page.evaluateHandle((items) => {
    const transfer = new DataTransfer();
    for (const it of items) transfer.items.add(new File([Uint8Array.from(atob(it.b64), (c) => c.charCodeAt(0))], it.name));
    return transfer;
  }, payload);
  const target = page.getByTestId(testId);
  await target.dispatchEvent('dragover', { dataTransfer: dt });
  await target.dispatchEvent('drop', { dataTransfer: dt });
}

test.describe('workbench in the browser host', () => {
  test('imports a meeting from the Library and reviews it: video, transcript, timeline, seeking', async ({ app: page, project }) => {
    const m = meeting();
    await expect(page.getByTestId('nav-library')).toHaveClass(/on/);
    await shot(page, '01-library-empty');
    await page.getByTestId('import-media').setInputFiles(m.media);
    await page.getByTestId('import-transcript').setInputFiles(m.vtt);
    await page.getByTestId('import-button').click();
    await expect(page.getByTestId('import-result')).toContainText(`Imported ${m.cues.length} segments`);
    await expect(page.getByTestId('probe')).toContainText('video 640×360 + audio');
    await shot(page, '02-library-imported');

    const stored = cliJson<{ id: string; startMs: number; endMs: number; text: string }[]>(['segments', '--project', project]);
    expect(stored).toHaveLength(m.cues.length);

    await page.getByTestId('nav-review').click();
    const rows = page.getByTestId('segment-row');
    await expect(rows).toHaveCount(m.cues.length);
    await expect(rows.first()).toContainText(m.cues[0].text);
    for (const t of ['timeline', 'track-text', 'track-audio', 'track-video', 'track-fused', 'track-labels', 'transcript']) await expect(page.getByTestId(t)).toBeVisible();
    // Before analysis there are no predictions: the score tracks say so instead of drawing nothing.
    await expect(page.getByTestId('track-fused')).toHaveAttribute('data-empty', 'true');

    const video = page.getByTestId('video');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState)).toBeGreaterThanOrEqual(1);
    expect(await video.evaluate((v: HTMLVideoElement) => Math.round(v.duration))).toBe(Math.round(m.durationMs / 1000));

    // Transcript → media: clicking the third line seeks to its start and selects it everywhere.
    const third = stored[2];
    await rows.nth(2).click();
    await expect(rows.nth(2)).toHaveAttribute('aria-current', 'true');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => Math.round(v.currentTime * 1000))).toBe(third.startMs);
    await expect(page.getByTestId('label-panel')).toContainText(third.text);

    // Timeline → media and transcript: a click in the middle of the fifth segment seeks there.
    const fifth = stored[4];
    const timeline = page.getByTestId('timeline');
    const { startMs, msPerPx } = await timeline.evaluate((el) => ({ startMs: Number(el.dataset.startMs), msPerPx: Number(el.dataset.msPerPx) }));
    const canvas = page.locator('.timeline-canvas canvas.overlay');
    const box = (await canvas.boundingBox())!;
    const mid = (fifth.startMs + fifth.endMs) / 2;
    await page.mouse.click(box.x + (mid - startMs) / msPerPx, box.y + 40);
    await expect(rows.nth(4)).toHaveAttribute('aria-current', 'true');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime * 1000)).toBeGreaterThan(fifth.startMs);

    // Media → transcript: playing moves the highlight along with the recording.
    await video.evaluate((v: HTMLVideoElement, ms: number) => {
      v.muted = true;
      v.currentTime = ms / 1000;
    }, stored[1].startMs + 50);
    await page.keyboard.press('Space');
    await expect(rows.nth(1)).toHaveAttribute('aria-current', 'true');
    await page.keyboard.press('Space');

    // Loop (L): playback that runs past the segment's end comes back to its start.
    const looped = stored[1];
    await page.keyboard.press('l');
    await expect(page.locator('.badge.loop')).toBeVisible();
    await video.evaluate((v: HTMLVideoElement, ms: number) => (v.currentTime = ms / 1000), looped.endMs - 300);
    await page.keyboard.press('Space');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime * 1000), { timeout: 10_000 }).toBeLessThan(looped.startMs + 600);
    await page.keyboard.press('Space');
    await page.keyboard.press('l');
    await expect(page.locator('.badge.loop')).toHaveCount(0);

    // Zoom in to word level and back.
    const before = Number(await timeline.getAttribute('data-ms-per-px'));
    for (let i = 0; i < 12; i++) await page.getByTestId('zoom-in').click();
    const zoomed = Number(await timeline.getAttribute('data-ms-per-px'));
    expect(zoomed).toBeLessThan(before);
    expect(zoomed).toBeLessThanOrEqual(5);
    await shot(page, '03-review-zoomed');
    await page.getByTestId('zoom-fit').click();
    await shot(page, '04-review');
  });

  test('labels three segments with the keyboard, undoes one, and keeps two across a reload', async ({ imported, app: page, project }) => {
    await labelUndoReload(page, project, imported.segments, () => page.reload());
  });

  test('a label shown as saved survives the host being killed', async ({ imported, app: page, host, project }) => {
    const rows = page.getByTestId('segment-row');
    await expect(rows).toHaveCount(imported.segments);
    await rows.nth(3).click();
    const id = await rows.nth(3).getAttribute('data-segment-id');
    await page.keyboard.press('1');
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByTestId('label-status')).toHaveText('saved');
    await host.kill();
    await expect(page.getByTestId('connection')).toHaveClass(/conn-closed/);

    const again = await startServe(project);
    try {
      await page.goto(again.url);
      await expect(page.locator('html[data-ready="true"]')).toHaveCount(1);
      await expect(page.locator(`[data-segment-id="${id}"]`).getByTestId('row-label')).toHaveText('-3');
    } finally {
      await again.close();
    }
  });

  test('a note is saved with the label and is there after a reload', async ({ imported, app: page }) => {
    const rows = page.getByTestId('segment-row');
    await expect(rows).toHaveCount(imported.segments);
    await rows.nth(2).click();
    await page.getByTestId('score-button').and(page.locator('[data-score="-1"]')).click();
    await expect(page.getByTestId('label-status')).toHaveText('saved');
    const note = page.getByTestId('label-note');
    await note.fill('sarcastic — the words are positive, the voice is not');
    await note.press('Control+Enter');
    await expect(page.getByRole('button', { name: 'Save note' })).toHaveCount(0);
    await expect(page.getByTestId('label-status')).toHaveText('saved');
    await page.reload();
    await expect(page.locator('html[data-ready="true"]')).toHaveCount(1);
    await rows.nth(2).click();
    await expect(page.getByTestId('label-note')).toHaveValue('sarcastic — the words are positive, the voice is not');
    await expect(page.locator('[data-testid="score-button"][aria-checked="true"]')).toHaveAttribute('data-score', '-1');
  });

  test('splits a segment at the playhead and merges it back, and undo restores the split', async ({ imported, app: page, project }) => {
    await splitMergeNudge(page, project, imported.segments);
  });

  test('exports ELAN EAF through the browser download, valid against the ELAN schema, and every other format', async ({ imported, app: page }, info) => {
    needTool('xmllint', 'apt-get install libxml2-utils');
    const rows = page.getByTestId('segment-row');
    await expect(rows).toHaveCount(imported.segments);
    await rows.first().click();
    await page.keyboard.press('7');
    await expect(rows.first().getByTestId('row-label')).toHaveText('+3');

    await page.getByTestId('nav-export').click();
    await page.getByTestId('format-eaf').check();
    await shot(page, '07-export');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-button').click()]);
    expect(download.suggestedFilename()).toMatch(/\.eaf$/);
    const out = info.outputPath('labels.eaf');
    await download.saveAs(out);
    const eaf = fs.readFileSync(out, 'utf8');
    expect(eaf).toContain('ANNOTATION_DOCUMENT');
    execFileSync('xmllint', ['--noout', '--schema', xsd, out], { stdio: 'pipe' });

    // Every other format downloads too, each recognisably itself and carrying the label.
    const markers: Record<string, RegExp> = { csv: /start_ms,end_ms/, json: /"segments"|^\[/, textgrid: /ooTextFile/, vtt: /^WEBVTT/, mmsa: /video_id/ };
    for (const [format, marker] of Object.entries(markers)) {
      await page.getByTestId(`format-${format}`).check();
      const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-button').click()]);
      const file = info.outputPath(`labels.${format}`);
      await d.saveAs(file);
      const text = fs.readFileSync(file, 'utf8');
      expect(text, format).toMatch(marker);
      expect(text, format).toContain('3');
    }
  });

  test('a broken transcript shows a readable error naming the file and line, and changes nothing', async ({ app: page, project }) => {
    const m = meeting();
    const broken = brokenTranscript();
    // Both files arrive by drag and drop this time.
    await dropFiles(page, 'import-drop', [m.media, broken.file]);
    await expect(page.getByTestId('import-drop')).toContainText(path.basename(broken.file));
    await page.getByTestId('import-button').click();
    const error = page.getByTestId('import-error');
    await expect(error).toBeVisible();
    await expect(error).toContainText(`${path.basename(broken.file)}:${broken.badLine}`);
    // The analyst's own file name, not the host's upload path.
    await expect(error).not.toContainText('inbox');
    await shot(page, '08-library-import-error');
    expect(cliJson<unknown[]>(['recordings', '--project', project])).toHaveLength(0);
    await expect(page.getByTestId('recording-row')).toHaveCount(0);
  });
});
