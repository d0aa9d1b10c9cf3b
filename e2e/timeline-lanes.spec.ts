import { expect, shot, test } from './support/app';
import { cli, cliJson } from './support/host';
import type { Page } from '@playwright/test';

/** The timeline's lanes: one per speaker (issue 18, feature 10) and one per annotator (issue 16, item 2). */
interface Seg {
  id: string;
  startMs: number;
  endMs: number;
  speaker: string | null;
}

const segments = (project: string) => cliJson<Seg[]>(['segments', '--project', project]);

async function geometry(page: Page) {
  const box = (await page.locator('.timeline-canvas canvas.overlay').boundingBox())!;
  const { startMs, msPerPx } = await page.getByTestId('timeline').evaluate((el) => ({ startMs: Number(el.dataset.startMs), msPerPx: Number(el.dataset.msPerPx) }));
  return { box, msPerPx, xOf: (ms: number) => box.x + (ms - startMs) / msPerPx };
}

/** The middle of a lane's row, which the canvas lines up with. */
async function laneY(page: Page, selector: string): Promise<number> {
  const b = (await page.locator(selector).boundingBox())!;
  return b.y + b.height / 2;
}

test("a lane per speaker, named at its head: a click in Ben's lane selects Ben's segment, and dragging its edge moves that segment only", async ({ imported, app: page, project }) => {
  const rows = page.getByTestId('segment-row');
  await expect(rows).toHaveCount(imported.segments);
  const lanes = page.getByTestId('track-speaker');
  await expect(lanes).toHaveCount(2);
  await expect(lanes.nth(0)).toHaveAttribute('data-speaker', 'Ada');
  await expect(lanes.nth(1)).toHaveAttribute('data-speaker', 'Ben');
  await expect(lanes.nth(1).locator('.row-title')).toHaveText('Ben');
  await expect(page.getByTestId('track-waveform')).toHaveAttribute('data-empty', 'false');

  const before = segments(project);
  const benIndex = before.findIndex((s) => s.speaker === 'Ben');
  const ben = before[benIndex];
  expect(benIndex, 'the meeting has a segment of Ben').toBeGreaterThanOrEqual(0);
  await expect(lanes.nth(1)).toHaveAttribute('data-count', String(before.filter((s) => s.speaker === 'Ben').length));
  await expect(lanes.nth(0)).toHaveAttribute('data-count', String(before.filter((s) => s.speaker === 'Ada').length));
  const benY = await laneY(page, '[data-testid="track-speaker"][data-speaker="Ben"]');
  const adaY = await laneY(page, '[data-testid="track-speaker"][data-speaker="Ada"]');

  let g = await geometry(page);
  await rows.nth(0).click();
  await page.mouse.click(g.xOf((ben.startMs + ben.endMs) / 2), benY);
  await expect(rows.nth(benIndex)).toHaveAttribute('aria-current', 'true');
  // The lane's name is in Ben's colour, the one the transcript and the panel give him.
  const benColour = await page.getByTestId('panel-speaker').evaluate((el) => getComputedStyle(el).color);
  await expect(page.getByTestId('panel-speaker')).toHaveText('Ben');
  await expect(lanes.nth(1).locator('.row-title')).toHaveCSS('color', benColour);
  await shot(page, '18-speaker-lanes');

  // The selected segment's edge is grabbed in Ben's lane, not in Ada's.
  g = await geometry(page);
  await page.mouse.move(g.xOf(ben.endMs) - 1, adaY);
  await expect(page.locator('.timeline-canvas canvas.overlay')).not.toHaveCSS('cursor', 'ew-resize');
  await page.mouse.move(g.xOf(ben.endMs) - 1, benY);
  await expect(page.locator('.timeline-canvas canvas.overlay')).toHaveCSS('cursor', 'ew-resize');
  const target = ben.endMs - 20 * g.msPerPx;
  await page.keyboard.down('Alt'); // free: exactly where it is dropped
  await page.mouse.down();
  await page.mouse.move(g.xOf(target), benY, { steps: 4 });
  await page.mouse.up();
  await page.keyboard.up('Alt');
  await expect.poll(() => segments(project)[benIndex].endMs).not.toBe(ben.endMs);
  const after = segments(project);
  expect(Math.abs(after[benIndex].endMs - target)).toBeLessThanOrEqual(g.msPerPx + 1);
  expect(after[benIndex].startMs).toBe(ben.startMs);
  expect(after.filter((_, i) => i !== benIndex)).toEqual(before.filter((_, i) => i !== benIndex));

  // All speakers in one lane, and back; the choice is kept across a reload.
  await page.getByTestId('speaker-lanes').click();
  await expect(lanes).toHaveCount(0);
  await expect(page.getByTestId('track-segments')).toBeVisible();
  await page.reload();
  await expect(page.locator('html[data-ready="true"]')).toHaveCount(1);
  await expect(page.getByTestId('track-segments')).toBeVisible();
  await page.keyboard.press('Shift+T');
  await expect(lanes).toHaveCount(2);
});

test("my labels in my lane; Ben's (from the CLI) in a lane of his own only when asked, and never while labelling blind", async ({ imported, app: page, project }) => {
  const segs = segments(project);
  expect(imported.segments).toBeGreaterThanOrEqual(3);
  // What the window asks the host for: no request may name Ben while the project labels blind.
  const sent: string[] = [];
  page.on('websocket', (ws) => ws.on('framesent', (f) => sent.push(String(f.payload))));
  await page.getByTestId('annotator-name').fill('Ada');
  await page.getByTestId('annotator-name').press('Enter');
  const rows = page.getByTestId('segment-row');
  await rows.nth(0).click();
  for (const key of ['7', '5']) await page.keyboard.press(key); // Ada: +3, +1
  [-2, -1, 2].forEach((score, i) => expect(cli(['label', segs[i].id, String(score), '--annotator', 'Ben', '--project', project]).status).toBe(0));

  const mine = page.getByTestId('track-labels');
  await expect(mine).toHaveAttribute('data-annotator', 'Ada');
  await expect(mine).toHaveAttribute('data-count', '2');
  await expect(mine.locator('.row-title')).toHaveText('Ada (you)');
  const others = page.getByTestId('track-annotator');
  await expect(others).toHaveCount(0);

  await page.getByTestId('show-others').check();
  await expect(others).toHaveCount(1);
  await expect(others).toHaveAttribute('data-annotator', 'Ben');
  await expect(others).toHaveAttribute('data-count', '3');
  await expect(others.locator('.row-title')).toHaveText('Ben');
  await shot(page, '16-annotator-lanes');
  // Shift+O hides them again.
  await page.keyboard.press('Shift+O');
  await expect(others).toHaveCount(0);
  await page.keyboard.press('Shift+O');
  await expect(others).toHaveCount(1);

  // Blind: Ben's lane goes, the toggle is disabled and says why, and nothing asks for Ben's labels.
  expect(cli(['blind', 'on', '--project', project]).status).toBe(0);
  sent.length = 0;
  await page.reload();
  await expect(page.locator('html[data-ready="true"]')).toHaveCount(1);
  await expect(mine).toHaveAttribute('data-count', '2');
  await expect(page.getByTestId('show-others')).toBeDisabled();
  await expect(page.getByTestId('others-blind')).toBeVisible();
  await expect(others).toHaveCount(0);
  await page.keyboard.press('Shift+O');
  await rows.nth(2).click();
  await page.keyboard.press('4'); // a label change fetches the lanes again
  await expect(mine).toHaveAttribute('data-count', '3');
  await expect(others).toHaveCount(0);
  expect(sent.filter((m) => m.includes('"Ben"')), 'requests naming Ben while blind').toEqual([]);
  await shot(page, '16-annotator-lanes-blind');

  // Off again: the lane asked for before comes back.
  expect(cli(['blind', 'off', '--project', project]).status).toBe(0);
  await page.reload();
  await expect(page.locator('html[data-ready="true"]')).toHaveCount(1);
  await expect(others).toHaveCount(1);
});
