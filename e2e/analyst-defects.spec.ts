import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, shot, test } from './support/app';
import { cliJson } from './support/host';
import { meeting } from './support/fixtures';

/** Issue 18's defects, each driven the way an analyst trips over it. The meeting's speakers are Ada, Ben, Ben, Ada, Ada, Ben. */

interface Seg {
  id: string;
  startMs: number;
  endMs: number;
  speaker: string | null;
  text: string;
}
interface Lab {
  segmentId: string;
  score: number;
  note: string | null;
}
const segments = (project: string) => cliJson<Seg[]>(['segments', '--project', project]);
const labels = (project: string) => cliJson<Lab[]>(['labels', '--project', project]);
/** A segment's label events, read from the project database by a second connection. */
function history(project: string, segmentId: string): { score: number | null; source: string }[] {
  const db = new Database(path.join(project, 'attune.db'), { readonly: true });
  try {
    return db.prepare('SELECT score, source FROM label_events WHERE segment_id = ? ORDER BY seq').all(segmentId) as { score: number | null; source: string }[];
  } finally {
    db.close();
  }
}

test.describe('issue 18 defects in the browser host', () => {
  test('M refuses to merge across speakers; within one speaker it keeps the label, and undo restores ids, speakers, texts and labels', async ({ imported, app: page, project }) => {
    const rows = page.getByTestId('segment-row');
    await expect(rows).toHaveCount(imported.segments);
    const before = segments(project);
    expect(before.map((s) => s.speaker)).toEqual(['Ada', 'Ben', 'Ben', 'Ada', 'Ada', 'Ben']);

    // Ada then Ben: refused, with a notice that says why, and nothing changes.
    await rows.nth(0).click();
    await page.keyboard.press('m');
    await expect(page.getByTestId('notice-warning')).toContainText("Merge joins one speaker's segments only");
    await shot(page, '18-merge-refused');
    expect(segments(project)).toEqual(before);
    await expect(rows).toHaveCount(imported.segments);

    // Ben's two segments: the second one's label goes with the merged segment.
    await rows.nth(2).click();
    await page.keyboard.press('2'); // -2
    await expect(rows.nth(2).getByTestId('row-label')).toHaveText('-2');
    await rows.nth(1).click();
    await page.keyboard.press('m');
    await expect(rows).toHaveCount(imported.segments - 1);
    await expect(rows.nth(1).getByTestId('row-label')).toHaveText('-2');
    const merged = segments(project);
    expect(merged[1]).toMatchObject({ id: before[1].id, speaker: 'Ben', startMs: before[1].startMs, endMs: before[2].endMs, text: `${before[1].text} ${before[2].text}` });
    expect(labels(project).map((l) => [l.segmentId, l.score])).toEqual([[before[1].id, -2]]);

    // Undo: exactly the rows there were, the label back on its own segment.
    await page.keyboard.press('Control+z');
    await expect(rows).toHaveCount(imported.segments);
    await expect.poll(() => segments(project)).toEqual(before);
    expect(labels(project).map((l) => [l.segmentId, l.score])).toEqual([[before[2].id, -2]]);
    await expect(rows.nth(2).getByTestId('row-label')).toHaveText('-2');
    await expect(rows.nth(1).getByTestId('row-label')).toHaveCount(0);

    // The segments survive a reload as they are.
    await page.reload();
    await expect(page.locator('html[data-ready="true"]')).toHaveCount(1);
    await expect(rows).toHaveCount(imported.segments);
    expect(segments(project)).toEqual(before);
  });

  test('a label can be cleared with Delete, Backspace and the button, each an undoable event', async ({ imported, app: page, project }) => {
    const rows = page.getByTestId('segment-row');
    await expect(rows).toHaveCount(imported.segments);
    const ids = segments(project).map((s) => s.id);
    await rows.nth(0).click();
    await page.keyboard.press('6'); // +2, advances
    await page.keyboard.press('3'); // -1, advances
    await expect(rows.nth(1).getByTestId('row-label')).toHaveText('-1');

    await rows.nth(0).click();
    await page.keyboard.press('Delete');
    await expect(rows.nth(0).getByTestId('row-label')).toHaveCount(0);
    await expect(page.getByTestId('label-status')).toHaveText('not labelled');
    await expect.poll(() => labels(project).map((l) => l.segmentId)).toEqual([ids[1]]);

    await page.keyboard.press('Control+z');
    await expect(rows.nth(0).getByTestId('row-label')).toHaveText('+2');
    await expect.poll(() => labels(project).length).toBe(2);

    await rows.nth(1).click();
    await page.keyboard.press('Backspace');
    await expect(rows.nth(1).getByTestId('row-label')).toHaveCount(0);
    await rows.nth(0).click();
    await shot(page, '18-clear-label-button');
    await page.getByTestId('clear-label').click();
    await expect(rows.nth(0).getByTestId('row-label')).toHaveCount(0);
    await expect.poll(() => labels(project).length).toBe(0);

    // Every step is an event in the append-only history: +2, cleared, +2 (undo), cleared.
    expect(history(project, ids[0]).map((h) => h.score)).toEqual([2, null, 2, null]);
  });

  test('a typed note is saved when the analyst clicks elsewhere, and shows unsaved until then', async ({ imported, app: page, project }) => {
    const rows = page.getByTestId('segment-row');
    await expect(rows).toHaveCount(imported.segments);
    const ids = segments(project).map((s) => s.id);
    await rows.nth(2).click();
    await page.getByTestId('score-button').and(page.locator('[data-score="1"]')).click();
    await expect(page.getByTestId('label-status')).toHaveText('saved');
    const note = page.getByTestId('label-note');
    await note.fill('hedging, but agrees');
    await expect(page.getByTestId('label-status')).toHaveText('note not saved');
    await shot(page, '18-note-unsaved');

    // Click another row: the note is saved on the segment it was typed on.
    await rows.nth(4).click();
    await expect.poll(() => labels(project).find((l) => l.segmentId === ids[2])?.note).toBe('hedging, but agrees');

    // Typed, then straight to another view: saved too.
    await rows.nth(2).click();
    await expect(note).toHaveValue('hedging, but agrees');
    await note.fill('hedging, then agrees');
    await page.getByTestId('nav-export').click();
    await expect.poll(() => labels(project).find((l) => l.segmentId === ids[2])?.note).toBe('hedging, then agrees');
    await page.getByTestId('nav-review').click();
    await rows.nth(2).click();
    await expect(note).toHaveValue('hedging, then agrees');
    await expect(page.getByTestId('label-status')).toHaveText('saved');
  });

  test('in the Queue the keys act on the highlighted queue item and ←/→ follow queue order', async ({ imported, app: page, project }) => {
    const rows = page.getByTestId('segment-row');
    await expect(rows).toHaveCount(imported.segments);
    const ids = segments(project).map((s) => s.id);
    await rows.nth(0).click();
    await page.getByTestId('nav-queue').click();
    const items = page.getByTestId('queue-item');
    await expect(items).toHaveCount(imported.segments);
    const order = await items.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.segmentId!));
    // The first queue item is selected on entering, not Review's row 1.
    expect(order[0]).not.toBe(ids[0]);
    await expect(page.locator('.queue-item.selected')).toHaveAttribute('data-segment-id', order[0]);
    await expect(items.first()).toHaveAttribute('aria-current', 'true');
    await expect(page.getByTestId('queue-open')).toHaveText(`(${imported.segments} open)`);
    await shot(page, '18-queue-entered');

    await page.keyboard.press('ArrowRight');
    await expect(page.locator(`[data-testid="queue-item"][data-segment-id="${order[1]}"]`)).toHaveAttribute('aria-current', 'true');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowLeft');
    await expect(page.locator(`[data-testid="queue-item"][data-segment-id="${order[1]}"]`)).toHaveAttribute('aria-current', 'true');
    await page.keyboard.press('7');
    await expect.poll(() => labels(project).map((l) => [l.segmentId, l.score])).toEqual([[order[1], 3]]);
    await expect(page.getByTestId('queue-open')).toHaveText(`(${imported.segments - 1} open)`);
  });

  test('after S the edited segments are scored again in the background, and the panel and the timeline agree', async ({ imported, app: page, project }) => {
    test.setTimeout(600_000);
    cliJson(['analyze', '--ep', 'cpu', '--project', project]);
    await page.reload();
    await expect(page.locator('html[data-ready="true"]')).toHaveCount(1);
    const rows = page.getByTestId('segment-row');
    await expect(rows).toHaveCount(imported.segments);
    await expect(page.getByTestId('track-fused')).toHaveAttribute('data-count', String(imported.segments));
    const target = segments(project)[1];
    await rows.nth(1).click();
    const at = Math.round((target.startMs + target.endMs) / 2);
    await page.getByTestId('video').evaluate((v: HTMLVideoElement, ms: number) => (v.currentTime = ms / 1000), at);
    await expect.poll(() => page.getByTestId('video').evaluate((v: HTMLVideoElement) => Math.round(v.currentTime * 1000))).toBe(at);
    await page.keyboard.press('s');
    await expect(rows).toHaveCount(imported.segments + 1);

    // A small analyze job scores the two halves (everything else is cached); then every segment has its own scores.
    await expect(page.getByTestId('track-fused')).toHaveAttribute('data-count', String(imported.segments + 1), { timeout: 300_000 });
    const preds = cliJson<{ segmentId: string; startMs: number; endMs: number; scores: { fused: number } }[]>(['predictions', '--project', project]);
    const halves = preds.filter((p) => p.startMs >= target.startMs && p.endMs <= target.endMs);
    expect(halves.map((p) => [p.startMs, p.endMs])).toEqual([[target.startMs, at], [at, target.endMs]]);
    // The panel shows the first half's own fused score, the one the timeline and the row draw.
    await rows.nth(1).click();
    const fmt = (n: number) => {
      const r = Math.round(n * 10) / 10;
      return r === 0 ? '0.0' : (r > 0 ? '+' : '') + r.toFixed(1);
    };
    await expect(page.getByTestId('score-value-fused')).toHaveText(fmt(halves[0].scores.fused));
    await expect(rows.nth(2).locator('.chip').first()).toHaveText(fmt(halves[1].scores.fused));
    await shot(page, '18-split-rescored');
  });

  test('an audio-only recording has no face score and no face track', async ({ app: page, project }) => {
    test.setTimeout(600_000);
    const m = meeting();
    const wav = path.join(path.dirname(m.media), 'meeting-audio-only.wav');
    if (!fs.existsSync(wav)) execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', m.media, '-vn', '-ac', '1', '-ar', '16000', wav]);
    cliJson(['import', wav, '--transcript', m.vtt, '--project', project]);
    cliJson(['analyze', '--ep', 'cpu', '--project', project]);
    await page.reload();
    await expect(page.locator('html[data-ready="true"]')).toHaveCount(1);
    await page.getByTestId('nav-review').click();
    const rows = page.getByTestId('segment-row');
    await expect(rows).toHaveCount(m.cues.length);
    await expect(page.getByTestId('track-fused')).toHaveAttribute('data-count', String(m.cues.length));
    await rows.nth(0).click();
    // text, voice, face, fused: a face score only where there is a face to score.
    const values = page.locator('.lp-score .lp-val');
    await expect(values.nth(3)).toHaveText(/^[+-]?\d/);
    await expect(values.nth(1)).toHaveText(/^[+-]?\d/);
    await expect(values.nth(2)).toHaveText('—');
    await expect(page.getByTestId('track-video')).toHaveAttribute('data-count', '0');
    await expect(page.getByTestId('track-video')).toHaveAttribute('data-absent', 'true');
    await expect(page.getByTestId('score-video')).toHaveAttribute('title', 'no video in this recording');
    await shot(page, '18-audio-only');
    const preds = cliJson<{ present?: { video: boolean } }[]>(['predictions', '--project', project]);
    expect(preds.every((p) => p.present?.video === false)).toBe(true);
  });

  test('each download is saved under the name its button shows', async ({ imported, app: page }) => {
    await expect(page.getByTestId('segment-row')).toHaveCount(imported.segments);
    await page.getByTestId('nav-export').click();
    for (const format of ['csv', 'eaf', 'textgrid', 'mmsa']) {
      await page.getByTestId(`format-${format}`).check();
      const shown = (await page.getByTestId('export-button').innerText()).replace(/^Download /, '');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-button').click()]);
      expect(download.suggestedFilename(), format).toBe(shown);
    }
  });

  test('the Library shows no old success beside a new problem, and the problem goes once a usable file is picked', async ({ app: page }) => {
    const m = meeting();
    await page.getByTestId('nav-library').click();
    await page.getByTestId('import-media').setInputFiles(m.media);
    await page.getByTestId('import-transcript').setInputFiles(m.vtt);
    await page.getByTestId('import-button').click();
    await expect(page.getByTestId('import-result')).toContainText(`Imported ${m.cues.length} segments`);

    // A file that is neither a recording nor a transcript, dropped like from a file manager.
    const dt = await page.evaluateHandle(() => {
      const t = new DataTransfer();
      t.items.add(new File(['minutes'], 'minutes.docx'));
      return t;
    });
    await page.getByTestId('import-drop').dispatchEvent('dragover', { dataTransfer: dt });
    await page.getByTestId('import-drop').dispatchEvent('drop', { dataTransfer: dt });
    await expect(page.getByTestId('import-error')).toContainText('minutes.docx');
    await expect(page.getByTestId('import-result')).toHaveCount(0);
    await shot(page, '18-library-new-problem');

    await page.getByTestId('import-media').setInputFiles(m.media);
    await expect(page.getByTestId('import-error')).toHaveCount(0);
  });
});
