import { app, BrowserWindow, ipcMain, Menu, powerMonitor, safeStorage, session } from 'electron';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AppLock } from '../core/crypto/lock.ts';
import { LOCATION_FILE, readLocation } from '../core/crypto/location.ts';
import { bindIpc } from './ipc.ts';
import { desktopShell } from './shell.ts';
import { hardenSession, isAllowedNavigation, isTrustedSender, rendererUrl, webPreferences, windowOpenHandler } from './security.ts';

let lock: AppLock | null = null;

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
  hardenSession(session.defaultSession);
  const url = appUrl();
  const win = createWindow();
  const sendAll = (event: string, payload: unknown) => {
    for (const w of BrowserWindow.getAllWindows()) w.webContents.send(event, payload);
  };
  // The window opens on the passphrase screen; the database is opened only once it is unlocked,
  // and closed again (key dropped) on lock: from the menu, its shortcut, or after the idle time.
  // The app's own database, or the restored copy the user switched to in Settings (location.ts).
  const locationFile = join(app.getPath('userData'), LOCATION_FILE);
  lock = new AppLock({
    dbFile: readLocation(locationFile, join(app.getPath('userData'), 'casebook.db')),
    locationFile,
    activityWorker: activityWorkerUrl(),
    configure: (ctx) => {
      ctx.shell = desktopShell(() => BrowserWindow.getFocusedWindow() ?? win);
      ctx.emit = (event, payload) => sendAll(event, payload);
    },
    onLock: () => sendAll('locked', {}),
    onProgress: (p) => sendAll('progress', p),
    keychain: safeStorage,
  });
  const appLock = lock;
  bindIpc(ipcMain, (channel, input) => appLock.invoke(channel, input), (frame) => isTrustedSender(frame, url));
  Menu.setApplicationMenu(appMenu(() => appLock.lock()));
  // The system's own idle time (keyboard and pointer, whatever window has them).
  setInterval(() => {
    if (appLock.core && powerMonitor.getSystemIdleTime() >= appLock.status().idleSeconds) appLock.lock();
  }, 15_000).unref();
  powerMonitor.on('lock-screen', () => appLock.lock());
});

function appMenu(lockNow: () => void): Menu {
  return Menu.buildFromTemplate([
    { role: process.platform === 'darwin' ? 'appMenu' : 'fileMenu' },
    {
      label: 'Security',
      submenu: [{ label: 'Lock Casebook', accelerator: 'CmdOrCtrl+Shift+L', click: lockNow }],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ]);
}

app.on('window-all-closed', () => {
  lock?.lock();
  lock = null;
  app.quit();
});
