import { _electron as electron, test as base, type ElectronApplication, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect, shotNaming } from './support/app';
import { brokenTranscript, EAF_XSD as xsd, meeting, needTool } from './support/fixtures';
import { cliJson, freshProjectDir, ROOT } from './support/host';
import { labelUndoReload, splitMergeNudge } from './scenarios';

/** The Electron binary, when `npm ci` could download it (never on our build machines). */
function electronBinary(): { path: string | null; why: string } {
  try {
    const p = createRequire(import.meta.url)('electron') as unknown;
    if (typeof p === 'string' && fs.existsSync(p)) return { path: p, why: '' };
    return { path: null, why: `require('electron') points at ${String(p)}, which does not exist` };
  } catch (err) {
    return { path: null, why: (err as Error).message.split('\n')[0] };
  }
}

const binary = electronBinary();
// Said once where CI output shows it, not only in the report's annotations.
if (!binary.path && !process.env.TEST_WORKER_INDEX) console.log(`electron.spec: skipped — no Electron binary: ${binary.why}`);
const mainEntry = path.join(ROOT, 'out', 'main', 'index.js');

const test = base.extend<{ project: string; imported: { recordingId: string; segments: number }; electronApp: ElectronApplication; win: Page }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from this pattern
  project: async ({}, use) => {
    const dir = freshProjectDir('electron');
    await use(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  },
  imported: async ({ project }, use) => {
    const m = meeting();
    await use(cliJson(['import', m.media, '--transcript', m.vtt, '--project', project]));
  },
  electronApp: async ({ project }, use) => {
    const app = await electron.launch({ executablePath: binary.path!, args: [mainEntry, '--project', project], cwd: ROOT });
    await use(app);
    await app.close();
  },
  win: async ({ electronApp }, use) => {
    const win = await electronApp.firstWindow();
    await expect(win.locator('html[data-ready="true"]')).toHaveCount(1);
    await use(win);
  },
});

test.describe('workbench in the Electron app', () => {
  test.skip(!binary.path, `no Electron binary: ${binary.why}. Run \`npm ci\` on a machine with internet to get one.`);
  test.beforeAll(() => {
    shotNaming.prefix = 'electron-';
    expect(fs.existsSync(mainEntry), 'run `npm run build` first').toBe(true);
  });

  test('takes paths only from its own dialogs and grants no permission', async ({ win }) => {
    const refused = await win.evaluate(async () => {
      try {
        await (window as any).attune.api.importRecording({ mediaPath: '/etc/passwd' });
        return 'accepted';
      } catch (e) {
        return String((e as Error).message);
      }
    });
    expect(refused).toMatch(/mediaPath '\/etc\/passwd' was not chosen in one of Attune's file dialogs/);
    const exportRefused = await win.evaluate(async () => (window as any).attune.api.exportLabels({ format: 'csv', outPath: '/tmp/attune-not-chosen.csv' }).then(() => 'accepted', (e: Error) => e.message));
    expect(exportRefused).toMatch(/was not chosen/);
    expect(fs.existsSync('/tmp/attune-not-chosen.csv')).toBe(false);
    expect(await win.evaluate(async () => (await navigator.permissions.query({ name: 'notifications' as PermissionName })).state)).toBe('denied');
  });

  test('exposes only the contract to the renderer', async ({ win }) => {
    expect(await win.evaluate(() => typeof (window as any).require)).toBe('undefined');
    expect(await win.evaluate(() => typeof (window as any).process)).toBe('undefined');
    expect(await win.evaluate(() => Object.keys((window as any).attune ?? {}).sort())).toEqual(['api', 'chooseSavePath', 'onEvent', 'pathForFile']);
  });

  test('labels with the keyboard, undoes, and keeps labels across a reload', async ({ imported, win, project }) => {
    await labelUndoReload(win, project, imported.segments, () => win.reload());
  });

  test('splits, merges and nudges segments', async ({ imported, win, project }) => {
    await splitMergeNudge(win, project, imported.segments);
  });

  test('imports through the file picker and reports a broken transcript with file and line', async ({ win, project }) => {
    const m = meeting();
    const broken = brokenTranscript();
    await win.getByTestId('nav-library').click();
    await win.getByTestId('import-media').setInputFiles(m.media);
    await win.getByTestId('import-transcript').setInputFiles(broken.file);
    await win.getByTestId('import-button').click();
    await expect(win.getByTestId('import-error')).toContainText(`${path.basename(broken.file)}:${broken.badLine}`);
    expect(cliJson<unknown[]>(['recordings', '--project', project])).toHaveLength(0);
    await win.getByTestId('import-transcript').setInputFiles(m.vtt);
    await win.getByTestId('import-button').click();
    await expect(win.getByTestId('import-result')).toContainText(`Imported ${m.cues.length} segments`);
  });

  test('exports EAF to the path chosen in the save dialog, valid against the ELAN schema', async ({ imported, electronApp, win }, info) => {
    needTool('xmllint', 'apt-get install libxml2-utils');
    expect(imported.segments).toBeGreaterThan(0);
    const out = info.outputPath('electron.eaf');
    // The native dialog cannot be clicked by a test; answer it from the main process instead.
    await electronApp.evaluate(({ dialog }, filePath) => {
      dialog.showSaveDialog = (async () => ({ canceled: false, filePath })) as any;
    }, out);
    await win.getByTestId('nav-export').click();
    await win.getByTestId('format-eaf').check();
    await win.getByTestId('export-button').click();
    await expect(win.getByTestId('export-result')).toContainText(out);
    execFileSync('xmllint', ['--noout', '--schema', xsd, out], { stdio: 'pipe' });
  });
});
