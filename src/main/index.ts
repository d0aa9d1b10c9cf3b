/**
 * Electron main: one window, the typed contract over IPC (validated here, in main), media through
 * a custom protocol that serves only recordings registered in the project.
 */
import { app, BrowserWindow, dialog, ipcMain, net, protocol, session } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { dispatch } from '../core/dispatch';
import { createService, type AttuneService } from '../core/service';
import { getRecording } from '../core/store/recordings';
import { isUnlinkedRegularFile } from '../core/store/input-path';
import { toErrorPayload } from '../shared/errors';
import { PathGrants } from './path-grants';
import { openInitialProject } from './project';
import { dispatchProjects, type ProjectSwitcher } from '../core/projects-dispatch';
import { noteOpened, RECENT_FILE } from '../core/recent-projects';
import { isProjectMethod } from '../shared/contract/project-methods';

const MEDIA_SCHEME = 'attune-media';
protocol.registerSchemesAsPrivileged([{ scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true } }]);

let service: AttuneService | null = null;
let win: BrowserWindow | null = null;
const grants = new PathGrants();

/** The recent-projects list, in the app's own user-data folder (core/recent-projects.ts). */
const recentFile = () => path.join(app.getPath('userData'), RECENT_FILE);
const openService = (dir: string) => createService(dir, { watchExternalChanges: true, reanalyseAfterEdit: true, mediaUrl: (id) => `${MEDIA_SCHEME}://media/${encodeURIComponent(id)}` });
let offEvents: (() => void) | null = null;

function listen(svc: AttuneService): void {
  offEvents?.();
  offEvents = svc.events.on((event) => win?.webContents.send('attune:event', event));
}

/** Switching project (recent list, folder dialog): the new service first, then the old one closes and the window reloads. */
const switcher: ProjectSwitcher = {
  // Read when used: the user-data folder is settled once the app has started (a --user-data-dir switch, tests).
  get recentFile() {
    return recentFile();
  },
  current: () => {
    if (!service) throw new Error('project not open yet');
    return service;
  },
  async replace(dir) {
    const next = openService(dir);
    const old = service;
    service = next;
    listen(next);
    await old?.close();
    win?.webContents.reload();
  },
};

function rendererEntry(): string {
  return path.join(__dirname, '..', 'renderer', 'index.html');
}

async function createWindow(): Promise<void> {
  const appRoot = app.getAppPath();
  process.env.ATTUNE_MODELS ??= path.join(appRoot, 'models', 'default');
  const projectDir = await openInitialProject(appRoot, app.getPath('userData'), process.argv);
  service = openService(projectDir);
  noteOpened(recentFile(), service.dir);

  protocol.handle(MEDIA_SCHEME, async (request) => {
    const id = decodeURIComponent(new URL(request.url).pathname.replace(/^\//, ''));
    const rec = service ? getRecording(service.db, id) : null;
    if (!rec) return new Response('not a recording of this project', { status: 404 });
    // Only the regular file imported, not a link swapped in under its name since.
    if (!isUnlinkedRegularFile(rec.mediaPath)) return new Response(`media file is missing or no longer the file imported: ${rec.mediaPath}`, { status: 404 });
    // net.fetch on a file URL honours the Range header, which <video> seeking needs.
    return net.fetch(pathToFileURL(rec.mediaPath).toString(), { headers: request.headers, bypassCustomProtocolHandlers: true });
  });

  win = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'Attune',
    webPreferences: {
      preload: path.join(__dirname, '..', 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  listen(service);
  await win.loadFile(rendererEntry());
  // A project nobody analysed yet (the first-run sample) gets its scores while the analyst looks.
  if ((await service.api.predictions({})).length === 0 && (await service.api.listRecordings({})).length > 0) {
    service.jobs.start('analyze', {}).done.catch(() => {});
  }
}

/** Only our window's top frame may call: a file:// page framed inside it (any local HTML) may not. */
function fromOurWindow(e: Electron.IpcMainInvokeEvent): boolean {
  const frame = e.senderFrame;
  return Boolean(win && e.sender === win.webContents && frame && frame.parent === null && frame.url.startsWith('file://'));
}

ipcMain.handle('attune:call', async (e, method: unknown, params: unknown) => {
  if (!fromOurWindow(e)) return { ok: false, error: { code: 'USAGE', message: 'refused: unknown sender' } };
  try {
    if (!service) throw new Error('project not open yet');
    if (isProjectMethod(method)) return { ok: true, result: await dispatchProjects(switcher, method, params) };
    grants.check(method, params);
    return { ok: true, result: await dispatch(service.api, method, params) };
  } catch (err) {
    return { ok: false, error: toErrorPayload(err) };
  }
});

ipcMain.handle('attune:chooseSavePath', async (e, defaultName: unknown) => {
  if (!fromOurWindow(e) || !win) return null;
  const name = typeof defaultName === 'string' ? path.basename(defaultName) : 'labels';
  // The dialog asks before replacing a file (Linux needs the flag; macOS and Windows always ask),
  // so the renderer sends the export with overwrite: true.
  const res = await dialog.showSaveDialog(win, { defaultPath: name, properties: ['showOverwriteConfirmation', 'createDirectory'] });
  if (res.canceled || !res.filePath) return null;
  grants.grant(res.filePath);
  return res.filePath;
});

// "Open a project folder…": main's own dialog is the only way a new folder gets on the recent list
// from the window. An empty folder becomes a new project; a folder that is not one is refused there.
ipcMain.handle('attune:chooseProjectFolder', async (e) => {
  if (!fromOurWindow(e) || !win) return null;
  const res = await dialog.showOpenDialog(win, { properties: ['openDirectory', 'createDirectory'] });
  if (res.canceled || !res.filePaths[0]) return null;
  const dir = path.resolve(res.filePaths[0]);
  // Trusted (main's own dialog), so no list check: an empty folder becomes a new project here.
  if (dir !== service?.dir) await switcher.replace(dir);
  noteOpened(recentFile(), dir);
  return dir;
});

// The preload sends the path of a File the analyst picked (Chromium's file chooser runs in this
// process) or dropped; page script has no ipcRenderer under contextIsolation and cannot make a File
// that has a path.
ipcMain.handle('attune:grantFile', (e, p: unknown) => {
  if (!fromOurWindow(e) || typeof p !== 'string' || !path.isAbsolute(p)) return false;
  grants.grant(p);
  return true;
});

app.whenReady().then(async () => {
  // Attune needs no camera, microphone, notifications, geolocation...: refuse both the request and
  // the synchronous check (navigator.permissions.query, some APIs check without asking).
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, cb) => cb(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  try {
    await createWindow();
  } catch (err) {
    // E.g. no ffmpeg for the first-run sample, or a project from a newer Attune: say so, don't hang windowless.
    dialog.showErrorBox('Attune could not open the project', toErrorPayload(err).message);
    await service?.close();
    app.quit();
  }
});

app.on('window-all-closed', async () => {
  await service?.close();
  app.quit();
});
