import { app, BrowserWindow, dialog, ipcMain, session } from 'electron';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openCore, type AppCore } from '../core/app.ts';
import { bindIpc } from './ipc.ts';
import { desktopShell } from './shell.ts';
import { hardenSession, isAllowedNavigation, isTrustedSender, rendererUrl, webPreferences, windowOpenHandler } from './security.ts';

let core: AppCore | null = null;

function appUrl(): string {
  return rendererUrl(app.isPackaged, process.env.ELECTRON_RENDERER_URL, pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).href);
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1000,
    minHeight: 640,
    title: 'Casebook',
    show: false,
    webPreferences: webPreferences(join(import.meta.dirname, '../preload/index.cjs')),
  });
  const url = appUrl();
  win.webContents.setWindowOpenHandler(windowOpenHandler);
  win.webContents.on('will-navigate', (e, target) => {
    if (!isAllowedNavigation(target, url)) e.preventDefault();
  });
  win.webContents.on('will-redirect', (e, target) => {
    if (!isAllowedNavigation(target, url)) e.preventDefault();
  });
  win.webContents.on('will-attach-webview', (e) => e.preventDefault());
  win.once('ready-to-show', () => win.show());
  void win.loadURL(url);
  return win;
}

/**
 * The import worker's script, built beside this file (electron.vite.config.ts). A worker thread
 * cannot load from inside the app's asar archive, so the packaged app unpacks out/main
 * (electron-builder.yml) and the worker is started from there.
 */
function activityWorkerUrl(): URL {
  const path = fileURLToPath(new URL('./activity-worker.js', import.meta.url)).replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
  return pathToFileURL(path);
}

app.on('web-contents-created', (_e, contents) => {
  contents.setWindowOpenHandler(windowOpenHandler);
});

app.whenReady().then(() => {
  try {
    // The unlock screen is the renderer's (issue 17, app lock); until it is there, the passphrase comes from the environment.
    const passphrase = process.env.CASEBOOK_PASSPHRASE;
    if (!passphrase) throw new Error('Casebook needs the database passphrase (CASEBOOK_PASSPHRASE).');
    core = openCore({ dbFile: join(app.getPath('userData'), 'casebook.db'), unlock: { passphrase }, activityWorker: activityWorkerUrl() });
  } catch (e) {
    dialog.showErrorBox('Casebook cannot open its database', e instanceof Error ? e.message : String(e));
    app.quit();
    return;
  }
  hardenSession(session.defaultSession);
  const url = appUrl();
  const win = createWindow();
  core.ctx.shell = desktopShell(() => BrowserWindow.getFocusedWindow() ?? win);
  core.ctx.emit = (event, payload) => {
    for (const w of BrowserWindow.getAllWindows()) w.webContents.send(event, payload);
  };
  bindIpc(ipcMain, core.ctx, (frame) => isTrustedSender(frame, url));
});

app.on('window-all-closed', () => {
  core?.close();
  core = null;
  app.quit();
});
