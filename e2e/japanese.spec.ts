/**
 * A Japanese meeting in the browser (issue 15, items 2 and 4): a generated meeting's media with a
 * Japanese WebVTT imported from the Library, the language tag, the transcript's exact Japanese text
 * (caption fragments joined without a space) and a CSV download carrying that text byte for byte.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, shot, test } from './support/app';
import { meeting } from './support/fixtures';
import { cliJson } from './support/host';

const CUES: [number, number, string, string][] = [
  [500, 1400, '田中', '本日は新しい'],
  [1500, 3000, '田中', 'プランについてご説明します。'],
  [3200, 5000, '佐藤', '価格はいかがですか？'],
  [5200, 7500, '田中', 'Q3のrevenue forecastを見ると、とても良いです！'],
];
// What the transcript must show: the first two cues are one sentence, joined with nothing between.
const SEGMENTS = ['本日は新しいプランについてご説明します。', '価格はいかがですか？', 'Q3のrevenue forecastを見ると、とても良いです！'];

const clock = (ms: number) => `00:00:${String(Math.floor(ms / 1000)).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;

test.setTimeout(420_000);

test('a Japanese meeting imports, shows ja and its exact text, and exports a CSV with that text', async ({ app: page, project }, info) => {
  const m = meeting();
  const vtt = info.outputPath('商談.vtt');
  fs.mkdirSync(path.dirname(vtt), { recursive: true });
  fs.writeFileSync(vtt, ['WEBVTT', '', ...CUES.flatMap(([s, e, who, text]) => [`${clock(s)} --> ${clock(e)}`, `<v ${who}>${text}`, ''])].join('\n'));

  await page.getByTestId('import-media').setInputFiles(m.media);
  await page.getByTestId('import-transcript').setInputFiles(vtt);
  await page.getByTestId('import-button').click();
  await expect(page.getByTestId('import-result')).toContainText(`${SEGMENTS.length}`);
  await expect(page.getByTestId('recording-language')).toHaveText('ja');
  await shot(page, '15-japanese-library');
  expect(cliJson<{ language: string }[]>(['recordings', '--project', project]).map((r) => r.language)).toEqual(['ja']);

  await page.getByTestId('nav-review').click();
  const rows = page.getByTestId('segment-row');
  await expect(rows).toHaveCount(SEGMENTS.length);
  for (const [i, text] of SEGMENTS.entries()) await expect(rows.nth(i)).toContainText(text);
  await expect(rows.nth(1)).toContainText('佐藤');
  await rows.nth(1).click();
  await page.keyboard.press('2');
  await expect(rows.nth(1).getByTestId('row-label')).toHaveText('-2');
  await shot(page, '15-japanese-review');

  await page.getByTestId('nav-export').click();
  await page.getByTestId('format-csv').check();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-button').click()]);
  const out = info.outputPath('labels.csv');
  await download.saveAs(out);
  await shot(page, '15-japanese-export');
  const bytes = fs.readFileSync(out);
  // UTF-8 as every export, without a BOM (README "Japanese and other character-based text").
  expect([...bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
  const lines = new TextDecoder('utf-8', { fatal: true }).decode(bytes).trim().split('\n');
  expect(lines[0]).toMatch(/^segment_id,recording_id,start_ms,end_ms,speaker,text,score/);
  const body = lines.slice(1).map((l) => l.split(','));
  expect(body.map((c) => [c[2], c[3], c[4]])).toEqual([['500', '3000', '田中'], ['3200', '5000', '佐藤'], ['5200', '7500', '田中']]);
  // The text cell of each row is the segment's text exactly, unquoted: 、 is not a CSV comma.
  expect(body.map((c) => c[5])).toEqual(SEGMENTS);
  expect(body.map((c) => c[6])).toEqual(['', '-2', '']);

  // Analysed: no text score (the text model reads English only), voice and the fused score from it.
  await page.getByTestId('nav-library').click();
  await expect(page.getByTestId('recording-language')).toHaveAttribute('title', /text is not scored/);
  await page.getByTestId('analyze-button').click();
  const job = page.locator('[data-testid="job-progress"] .job[data-kind="analyze"]');
  await expect(job.first()).toHaveAttribute('data-state', /done|failed|cancelled/, { timeout: 300_000 });
  expect(await job.first().getAttribute('data-state'), await job.first().innerText()).toBe('done');
  await page.getByTestId('nav-review').click();
  await rows.first().click();
  await expect(page.getByTestId('score-value-audio')).toHaveText(/^[+-]?\d/);
  await expect(page.getByTestId('score-value-fused')).toHaveText(/^[+-]?\d/);
  await expect(page.getByTestId('score-value-text')).toHaveText('—');
  await expect(page.getByTestId('score-text')).toHaveAttribute('title', /reads English only, this recording is ja/);
  await shot(page, '15-japanese-analysed');
});
