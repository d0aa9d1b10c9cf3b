import fs from 'node:fs';
import path from 'node:path';
import { expect, shot, test } from './support/app';
import { cli, cliJson } from './support/host';

/** Issue 16: several analysts on one project, in the browser host. */
interface Seg {
  id: string;
  text: string;
}
interface Report {
  overallAlpha: number | null;
  pairs: { a: string; b: string; n: number; alpha: number | null; ccc: number | null }[];
  disputed: { segmentId: string; range: number }[];
}

test('the Agreement view shows the figures the CLI computes, opens a disputed segment in Review, and sets the gold rule', async ({ imported, app: page, project }) => {
  const segs = cliJson<Seg[]>(['segments', '--project', project]);
  expect(imported.segments).toBeGreaterThanOrEqual(6);
  const ada = [3, 2, 1, 0, -1, -2];
  const ben = [2, 2, 0, 1, -2, 2]; // the last one is the dispute (range 4)
  segs.slice(0, 6).forEach((s, i) => {
    expect(cli(['label', s.id, String(ada[i]), '--annotator', 'Ada', '--project', project]).status).toBe(0);
    expect(cli(['label', s.id, String(ben[i]), '--annotator', 'Ben', '--project', project]).status).toBe(0);
  });
  const want = cliJson<Report>(['agreement', '--project', project]);

  await page.getByTestId('nav-agreement').click();
  await expect(page.getByTestId('agreement-pair')).toHaveCount(1);
  await expect(page.getByTestId('overall-alpha')).toHaveText(want.overallAlpha!.toFixed(2));
  await expect(page.getByTestId('pair-alpha')).toContainText(want.pairs[0].alpha!.toFixed(2));
  await expect(page.getByTestId('pair-ccc')).toContainText(want.pairs[0].ccc!.toFixed(2));
  await expect(page.getByTestId('scatter-point')).not.toHaveCount(0);
  await shot(page, '16-agreement');

  // The gold rule set here is the one the CLI (and so tuning and exports) reads.
  await page.getByTestId('gold-rule').selectOption('annotator:Ben');
  await expect.poll(() => cli(['gold-rule', '--project', project]).stdout.trim()).toBe('annotator:Ben');
  expect(cliJson<{ segmentId: string; score: number }[]>(['labels', '--project', project]).find((l) => l.segmentId === segs[5].id)!.score).toBe(2);

  // The most disputed segment opens in Review, selected.
  expect(want.disputed[0]).toMatchObject({ segmentId: segs[5].id, range: 4 });
  await page.getByTestId('disputed-item').first().click();
  await expect(page.getByTestId('segment-row').nth(5)).toHaveAttribute('aria-current', 'true');
});

test('with one annotator the Agreement view says what it needs instead of figures', async ({ imported, app: page, project }) => {
  const segs = cliJson<Seg[]>(['segments', '--project', project]);
  expect(imported.segments).toBeGreaterThan(0);
  expect(cli(['label', segs[0].id, '1', '--annotator', 'Ada', '--project', project]).status).toBe(0);
  await page.getByTestId('nav-agreement').click();
  await expect(page.getByTestId('agreement-empty')).toContainText('two annotators');
  await expect(page.getByTestId('agreement-pair')).toHaveCount(0);
});

test('an analyst names themself once, labels in the workbench, and the CLI sees those labels as theirs beside a second analyst', async ({ imported, app: page, project }) => {
  const segs = cliJson<Seg[]>(['segments', '--project', project]);
  expect(imported.segments).toBeGreaterThanOrEqual(4);
  await page.getByTestId('annotator-name').fill('Ada');
  await page.getByTestId('annotator-name').press('Enter');
  const rows = page.getByTestId('segment-row');
  await rows.nth(0).click();
  for (const key of ['7', '6', '4', '1']) await page.keyboard.press(key); // +3, +2, 0, -3, advancing
  await expect.poll(() => cliJson<{ score: number }[]>(['labels', '--annotator', 'Ada', '--project', project]).map((l) => l.score).sort()).toEqual([-3, 0, 2, 3]);
  // The name is remembered on this machine: a reload keeps it, and the next label is Ada's too.
  await page.reload();
  await expect(page.getByTestId('annotator-name')).toHaveValue('Ada');
  const ben = [2, 2, -1, -3];
  segs.slice(0, 4).forEach((s, i) => expect(cli(['label', s.id, String(ben[i]), '--annotator', 'Ben', '--project', project]).status).toBe(0));
  const want = cliJson<Report>(['agreement', '--project', project]);
  expect(want.pairs.map((p) => [p.a, p.b, p.n])).toEqual([['Ada', 'Ben', 4]]);
  await page.getByTestId('nav-agreement').click();
  await expect(page.getByTestId('pair-ccc')).toContainText(want.pairs[0].ccc!.toFixed(2));
  expect(cliJson<{ annotator: string }[]>(['annotators', '--project', project]).map((a) => a.annotator)).toEqual(['Ada', 'Ben']);
});

test("blind labelling: while on, the workbench shows only my own labels, not Ben's, and hides agreement; off, Ben's label shows again", async ({ imported, app: page, project }) => {
  const segs = cliJson<Seg[]>(['segments', '--project', project]);
  expect(imported.segments).toBeGreaterThanOrEqual(3);
  await page.getByTestId('annotator-name').fill('Ada');
  await page.getByTestId('annotator-name').press('Enter');
  // Ben labels the first two through the CLI; Ada, in the workbench, the second.
  expect(cli(['label', segs[0].id, '-2', '--annotator', 'Ben', '--project', project]).status).toBe(0);
  expect(cli(['label', segs[1].id, '3', '--annotator', 'Ben', '--project', project]).status).toBe(0);
  const rows = page.getByTestId('segment-row');
  await expect(rows.nth(0).getByTestId('row-label')).toHaveText('-2'); // not blind: the project's label, Ben's
  await rows.nth(1).click();
  await page.keyboard.press('5'); // Ada: +1
  await expect.poll(() => cliJson<{ score: number }[]>(['labels', '--annotator', 'Ada', '--project', project]).map((l) => l.score)).toEqual([1]);

  // On, from the Agreement view's toggle: the setting is the project's, the CLI reads it.
  await page.getByTestId('nav-agreement').click();
  // click, not check: the box follows the project's setting once the host has it.
  await page.getByTestId('blind-toggle').click();
  await expect(page.getByTestId('blind-toggle')).toBeChecked();
  await expect.poll(() => cli(['blind', '--project', project]).stdout.trim()).toBe('on');
  await expect(page.getByTestId('agreement-blind')).toContainText('hidden');
  await expect(page.getByTestId('agreement-pair')).toHaveCount(0);
  await expect(page.getByTestId('disputed-item')).toHaveCount(0);
  await expect(page.getByTestId('blind-badge')).toBeVisible();
  await shot(page, '16-blind-agreement');

  await page.getByTestId('nav-review').click();
  // Ben's −2 is nowhere: the row, the panel and the unlabelled filter all see the segment as unlabelled.
  await expect(rows.nth(0).getByTestId('row-label')).toHaveCount(0);
  await rows.nth(0).click();
  await expect(page.getByTestId('label-status')).toHaveText('not labelled');
  await expect(page.locator('[data-testid="score-button"][aria-checked="true"]')).toHaveCount(0);
  // Ada's own +1 shows where Ben (later, as gold) had +3.
  expect(cli(['label', segs[1].id, '3', '--annotator', 'Ben', '--project', project]).status).toBe(0);
  await rows.nth(1).click();
  await expect(rows.nth(1).getByTestId('row-label')).toHaveText('+1');
  await expect(page.locator('[data-testid="score-button"][aria-checked="true"]')).toHaveAttribute('data-score', '1');
  await shot(page, '16-blind-review');

  // Off, by its key: Ben's label is back.
  await page.keyboard.press('Shift+B');
  await expect.poll(() => cli(['blind', '--project', project]).stdout.trim()).toBe('off');
  await expect(rows.nth(0).getByTestId('row-label')).toHaveText('-2');
  await expect(page.getByTestId('blind-badge')).toHaveCount(0);
});

test("the Export view downloads an EAF with every annotator's tier, and each tier imports back as that annotator's labels", async ({ imported, app: page, project }) => {
  const segs = cliJson<Seg[]>(['segments', '--project', project]);
  expect(imported.segments).toBeGreaterThanOrEqual(4);
  const ada = [3, -1.5, 0];
  const ben = [1, 2, -3, 0.5];
  ada.forEach((v, i) => expect(cli(['label', segs[i].id, String(v), '--annotator', 'Ada', '--project', project]).status).toBe(0));
  ben.forEach((v, i) => expect(cli(['label', segs[i].id, String(v), '--annotator', 'Ben', '--project', project]).status).toBe(0));
  await page.getByTestId('nav-export').click();
  await page.getByTestId('format-eaf').check();
  await expect(page.getByTestId('export-annotators')).toHaveValue('gold');
  const download = async () => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-button').click()]);
    return (await d.path())!;
  };
  expect(fs.readFileSync(await download(), 'utf8')).not.toContain('sentiment:');
  await page.getByTestId('export-annotators').selectOption('all');
  await shot(page, '16-export-annotators');
  const file = await download();
  const eaf = path.join(project, 'all.eaf');
  fs.copyFileSync(file, eaf);
  expect(fs.readFileSync(eaf, 'utf8')).toContain('ANNOTATOR="Ben"');
  const scores = (who: string) => Object.fromEntries(cliJson<{ segmentId: string; score: number }[]>(['labels', '--annotator', who, '--project', project]).map((l) => [l.segmentId, l.score]));
  for (const who of ['Ada', 'Ben']) {
    expect(cli(['import-labels', eaf, '--annotator', `${who}-again`, '--from', `sentiment:${who}`, '--project', project]).status).toBe(0);
    expect(scores(`${who}-again`)).toEqual(scores(who));
  }
  // WebVTT holds one label per segment: the choice is off there.
  await page.getByTestId('format-vtt').check();
  await expect(page.getByTestId('export-annotators')).toBeDisabled();
});
