import { test as base, expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { cliJson, freshProjectDir, ROOT, startServe, type Host } from './host';
import { meeting } from './fixtures';

export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

/** The Electron suite sets this so its screenshots sit beside the browser ones without clobbering them. */
export const shotNaming = { prefix: '' };

export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${shotNaming.prefix}${name}.png`) });
}

interface Fixtures {
  /** A fresh project, empty. */
  project: string;
  /** The same project with the generated meeting imported through the CLI. */
  imported: { recordingId: string; segments: number };
  host: Host;
  app: Page;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from this pattern
  project: async ({}, use, info) => {
    const dir = freshProjectDir(info.title.replace(/\W+/g, '-').slice(0, 30));
    await use(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  },
  imported: async ({ project }, use) => {
    const m = meeting();
    await use(cliJson<{ recordingId: string; segments: number }>(['import', m.media, '--transcript', m.vtt, '--project', project]));
  },
  host: async ({ project }, use, info) => {
    const host = await startServe(project);
    await use(host);
    await host.close();
    if (info.status !== info.expectedStatus) await info.attach('serve-stderr', { body: host.stderr(), contentType: 'text/plain' });
  },
  app: async ({ page, host }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(host.url);
    await expect(page.locator('html[data-ready="true"]')).toHaveCount(1);
    await use(page);
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
});

export { expect };

export async function rows(page: Page) {
  return page.getByTestId('segment-row');
}

/** Labels as the database holds them, read through the CLI (a second reader of the same project). */
export function dbLabels(project: string): { segmentId: string; score: number }[] {
  return cliJson<{ segmentId: string; score: number }[]>(['labels', '--project', project]);
}
