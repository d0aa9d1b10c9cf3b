import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, shot, test } from './support/app';
import { cliJson, freshProjectDir, ROOT, startServe } from './support/host';
import { meeting } from './support/fixtures';

/** Issue 18, feature 15: open another project from the UI, through the host's recent-projects list. */

const names = (project: string) => cliJson<{ name: string }[]>(['recordings', '--project', project]).map((r) => r.name);

test('switch to a recent project from the Library and back: its recordings show, the list follows', async ({ page }) => {
  const config = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-e2e-recent-config-'));
  const a = freshProjectDir('recent-a');
  const b = freshProjectDir('recent-b');
  const m = meeting();
  cliJson(['import', m.media, '--transcript', m.vtt, '--project', a]);
  cliJson(['import', path.join(ROOT, 'resources/sample/meeting.mp4'), '--transcript', path.join(ROOT, 'resources/sample/meeting.vtt'), '--project', b]);
  const [nameA] = names(a);
  const [nameB] = names(b);
  expect(nameA).not.toBe(nameB);

  // B was opened earlier; the host now runs on A. Both are on its list, and only they are.
  const earlier = await startServe(b, { configDir: config });
  await earlier.close();
  const host = await startServe(a, { configDir: config });
  try {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(host.url);
    await expect(page.locator('html[data-ready="true"]')).toHaveCount(1);
    await page.getByTestId('nav-library').click();
    const recent = page.getByTestId('recent-project');
    await expect(recent).toHaveCount(2);
    await expect(recent.nth(0)).toHaveAttribute('data-path', a);
    await expect(recent.nth(0)).toHaveAttribute('data-current', 'true');
    await expect(recent.nth(1)).toHaveAttribute('data-path', b);
    await expect(page.getByTestId('recording-name')).toHaveText([nameA]);
    await shot(page, 'recent-projects-a');

    // Open B: the page reloads on B's project.
    await Promise.all([page.waitForEvent('load', { timeout: 30_000 }), recent.nth(1).getByTestId('open-recent').click()]);
    await expect(page.locator('html[data-ready="true"]')).toHaveCount(1);
    await page.getByTestId('nav-library').click();
    await expect(page.getByTestId('recording-name')).toHaveText([nameB]);
    await expect(page.getByTestId('recent-project').nth(0)).toHaveAttribute('data-path', b);
    await expect(page.getByTestId('recent-project').nth(0)).toHaveAttribute('data-current', 'true');
    await expect(page.getByText(path.basename(b), { exact: true }).first()).toBeVisible();
    await shot(page, 'recent-projects-b');

    // And back to A.
    await Promise.all([page.waitForEvent('load', { timeout: 30_000 }), page.getByTestId('recent-project').nth(1).getByTestId('open-recent').click()]);
    await expect(page.locator('html[data-ready="true"]')).toHaveCount(1);
    await page.getByTestId('nav-library').click();
    await expect(page.getByTestId('recording-name')).toHaveText([nameA]);
    await expect(page.getByTestId('recent-project').nth(0)).toHaveAttribute('data-path', a);
    expect(errors, 'uncaught errors in the page').toEqual([]);
  } finally {
    await host.close();
    for (const d of [a, b, config]) fs.rmSync(d, { recursive: true, force: true });
  }
});
