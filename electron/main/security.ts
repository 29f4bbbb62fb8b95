import type { WebPreferences, WebFrameMain, Session } from 'electron';

/** The renderer's Content-Security-Policy: nothing remote, no inline script, no plugins. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  // The report preview is a srcdoc frame and exhibit PDFs are blob: URLs; no data: frames.
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Electron's security checklist, as the one place the window's preferences come from. */
export function webPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/** The app is one page: any navigation away from it (links, drops, redirects) is refused. */
export function isAllowedNavigation(target: string, appUrl: string): boolean {
  try {
    const t = new URL(target);
    const a = new URL(appUrl);
    return t.protocol === a.protocol && t.host === a.host && t.pathname === a.pathname;
  } catch {
    return false;
  }
}

/** New windows are never opened: not for links, not for window.open. */
export const windowOpenHandler = () => ({ action: 'deny' as const });

/** Every permission (camera, microphone, notifications, geolocation, …) is refused. */
export const denyPermission = (_wc: unknown, _permission: string, callback: (granted: boolean) => void) => callback(false);
export const denyPermissionCheck = () => false;

/** IPC is answered only for the app's own top frame, loaded from the app's own page. */
export function isTrustedSender(frame: Pick<WebFrameMain, 'url' | 'parent'> | null | undefined, appUrl: string): boolean {
  if (!frame || frame.parent !== null) return false;
  return isAllowedNavigation(frame.url, appUrl);
}

/** Adds the CSP header to every response the renderer receives, and refuses any remote request. */
export function hardenSession(session: Pick<Session, 'webRequest' | 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler(denyPermission);
  session.setPermissionCheckHandler(denyPermissionCheck);
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isLocalRequest(details.url) });
  });
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
}

/** Only the app's own files (and in development, the local dev server) may load. */
export function isLocalRequest(url: string): boolean {
  try {
    const u = new URL(url);
    if (u.protocol === 'file:' || u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'devtools:') return true;
    return (u.protocol === 'http:' || u.protocol === 'ws:') && (u.hostname === 'localhost' || u.hostname === '127.0.0.1') && !!process.env.ELECTRON_RENDERER_URL;
  } catch {
    return false;
  }
}

/**
 * The page the window loads. ELECTRON_RENDERER_URL (electron-vite's dev server) is honoured only in
 * a development run, never in a packaged app (where it would point the window, and with it the IPC
 * trust check, at any page), and only for a loopback http URL.
 */
export function rendererUrl(packaged: boolean, devUrl: string | undefined, bundledUrl: string): string {
  if (packaged || !devUrl) return bundledUrl;
  try {
    const u = new URL(devUrl);
    if (u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]')) return devUrl;
  } catch {
    // not a URL: ignored
  }
  return bundledUrl;
}
