import { BrowserWindow, dialog } from 'electron';
import type { FileRequest, Shell } from '../core/context.ts';
import type { RenderedReport } from '../../shared/contract/reports.ts';
import { AppError } from '../../shared/errors.ts';
import { PRINT_MARGINS, PRINT_WINDOW_PREFERENCES } from './print-options.ts';

/** The report, printed by the app's own Chromium: the same HTML the preview shows. */
export async function printWithApp(report: RenderedReport, signal?: AbortSignal): Promise<Buffer> {
  const win = new BrowserWindow({ show: false, webPreferences: PRINT_WINDOW_PREFERENCES });
  const abort = () => win.destroy();
  signal?.addEventListener('abort', abort, { once: true });
  try {
    win.webContents.on('will-navigate', (e) => e.preventDefault());
    win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    await win.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(report.html, 'utf8').toString('base64')}`);
    return await win.webContents.printToPDF({
      pageSize: report.paper === 'letter' ? 'Letter' : 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: report.headerTemplate,
      footerTemplate: report.footerTemplate,
      margins: PRINT_MARGINS,
      preferCSSPageSize: false,
    });
  } catch (e) {
    if (signal?.aborted) throw new AppError('cancelled', 'Cancelled by the user; no PDF was written.');
    throw e;
  } finally {
    signal?.removeEventListener('abort', abort);
    if (!win.isDestroyed()) win.destroy();
  }
}

/** Native open/save dialogs; a cancelled dialog chooses nothing. */
export function chooseFilesWith(parent: () => BrowserWindow | null) {
  return async (request: FileRequest): Promise<string[]> => {
    const owner = parent();
    const filters = request.filters.length ? request.filters : [{ name: 'All files', extensions: ['*'] }];
    if (request.mode === 'save') {
      const options = { title: request.title, filters, ...(request.defaultName && { defaultPath: request.defaultName }) };
      const r = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
      return r.canceled || !r.filePath ? [] : [r.filePath];
    }
    if (request.mode === 'folder') {
      const folder = { title: request.title, properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
      const r = owner ? await dialog.showOpenDialog(owner, folder) : await dialog.showOpenDialog(folder);
      return r.canceled ? [] : r.filePaths.slice(0, 1);
    }
    const options = { title: request.title, filters, properties: request.multiple ? (['openFile', 'multiSelections'] as const) : (['openFile'] as const) };
    const r = owner ? await dialog.showOpenDialog(owner, { ...options, properties: [...options.properties] }) : await dialog.showOpenDialog({ ...options, properties: [...options.properties] });
    return r.canceled ? [] : r.filePaths;
  };
}

export function desktopShell(parent: () => BrowserWindow | null): Shell {
  return { printPdf: printWithApp, chooseFiles: chooseFilesWith(parent) };
}
