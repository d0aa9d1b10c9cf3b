import type { Page } from '@playwright/test';
import { dbLabels, expect, shot } from './support/app';
import { cliJson } from './support/host';

/** Scenarios shared by the browser-host suite and the Electron suite. */

export async function labelUndoReload(page: Page, project: string, segments: number, reload: () => Promise<unknown>): Promise<void> {
  const rows = page.getByTestId('segment-row');
  await expect(rows).toHaveCount(segments);
  await rows.first().click();
  const ids = await rows.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.segmentId!));

  await page.keyboard.press('5'); // +1, then advance
  await expect(rows.nth(1)).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press('2'); // -2
  await page.keyboard.press('4'); // 0
  await expect(rows.nth(3)).toHaveAttribute('aria-current', 'true');
  for (const [i, text] of [[0, '+1'], [1, '-2'], [2, '0']] as const) await expect(rows.nth(i).getByTestId('row-label')).toHaveText(text);

  // "saved" is shown only once the host acknowledged the write, and the database agrees.
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('label-status')).toHaveText('saved');
  expect(dbLabels(project).map((l) => [l.segmentId, l.score]).sort()).toEqual([[ids[0], 1], [ids[1], -2], [ids[2], 0]].sort());
  await shot(page, '05-review-labelled');

  await page.keyboard.press('Control+z');
  await expect(rows.nth(2).getByTestId('row-label')).toHaveCount(0);
  await expect(page.getByTestId('label-status')).toHaveText('not labelled');
  await expect.poll(() => dbLabels(project).length).toBe(2);

  await reload();
  await expect(page.locator('html[data-ready="true"]')).toHaveCount(1);
  await expect(rows).toHaveCount(segments);
  await expect(page.getByTestId('row-label')).toHaveCount(2);
  await expect(rows.nth(0).getByTestId('row-label')).toHaveText('+1');
  await expect(rows.nth(1).getByTestId('row-label')).toHaveText('-2');
  expect(dbLabels(project).map((l) => l.segmentId).sort()).toEqual([ids[0], ids[1]].sort());
}

export async function splitMergeNudge(page: Page, project: string, segments: number): Promise<void> {
  const rows = page.getByTestId('segment-row');
  await expect(rows).toHaveCount(segments);
  const before = cliJson<{ id: string; startMs: number; endMs: number }[]>(['segments', '--project', project]);
  const target = before[1];
  await rows.nth(1).click();
  const at = Math.round((target.startMs + target.endMs) / 2);
  await page.getByTestId('video').evaluate((v: HTMLVideoElement, ms: number) => (v.currentTime = ms / 1000), at);
  await expect.poll(() => page.getByTestId('video').evaluate((v: HTMLVideoElement) => Math.round(v.currentTime * 1000))).toBe(at);

  await page.keyboard.press('s');
  await expect(rows).toHaveCount(segments + 1);
  const split = cliJson<{ startMs: number; endMs: number }[]>(['segments', '--project', project]);
  expect(split[1]).toMatchObject({ startMs: target.startMs, endMs: at });
  expect(split[2]).toMatchObject({ startMs: at, endMs: target.endMs });
  await shot(page, '06-review-split');

  await page.keyboard.press('m');
  await expect(rows).toHaveCount(segments);
  const merged = cliJson<{ startMs: number; endMs: number }[]>(['segments', '--project', project]);
  expect(merged[1]).toMatchObject({ startMs: target.startMs, endMs: target.endMs });

  // Nudging the end by 100 ms, then undoing it, leaves the original bounds.
  await page.keyboard.press(']');
  await expect.poll(() => cliJson<{ endMs: number }[]>(['segments', '--project', project])[1].endMs).toBe(target.endMs + 100);
  await page.keyboard.press('Control+z');
  await expect.poll(() => cliJson<{ endMs: number }[]>(['segments', '--project', project])[1].endMs).toBe(target.endMs);
}
