import { describe, expect, it } from 'vitest';
import { CSP, denyPermission, denyPermissionCheck, isAllowedNavigation, isLocalRequest, isTrustedSender, webPreferences, windowOpenHandler } from '../../electron/main/security.ts';
import { bindIpc } from '../../electron/main/ipc.ts';
import { createBridge } from '../../electron/preload/bridge.ts';
import { contract } from '../../shared/contract/index.ts';
import { makeTestCore } from '../helpers/core.ts';

const APP = 'file:///opt/Casebook/resources/app.asar/out/renderer/index.html';

describe('the hardened window', () => {
  it('uses exactly the checklist preferences', () => {
    expect(webPreferences('/p/preload.cjs')).toEqual({
      preload: '/p/preload.cjs',
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
    });
  });

  it('has a CSP with no remote origins and no inline script', () => {
    expect(CSP).toContain("default-src 'self'");
    expect(CSP).toContain("script-src 'self'");
    expect(CSP).toContain("object-src 'none'");
    expect(CSP).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    expect(CSP).not.toMatch(/https?:/);
  });

  it('denies navigation away from the app page, new windows and permissions', () => {
    expect(isAllowedNavigation(`${APP}#/case/CB-2026-0001/audit`, APP)).toBe(true);
    expect(isAllowedNavigation('https://example.org/', APP)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', APP)).toBe(false);
    expect(isAllowedNavigation('not a url', APP)).toBe(false);
    expect(windowOpenHandler()).toEqual({ action: 'deny' });
    let granted: boolean | undefined;
    denyPermission(null, 'media', (g) => (granted = g));
    expect(granted).toBe(false);
    expect(denyPermissionCheck()).toBe(false);
    expect(isLocalRequest('https://tracker.example/pixel.gif')).toBe(false);
    expect(isLocalRequest('file:///opt/Casebook/out/renderer/assets/index.js')).toBe(true);
  });

  it('trusts only the app page in the top frame', () => {
    expect(isTrustedSender({ url: APP, parent: null }, APP)).toBe(true);
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null }, APP)).toBe(false);
    expect(isTrustedSender({ url: APP, parent: {} as never }, APP)).toBe(false);
    expect(isTrustedSender(null, APP)).toBe(false);
  });
});

describe('the IPC binding', () => {
  it('binds every contract operation and answers untrusted senders with forbidden', async () => {
    const t = makeTestCore();
    const bound = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
    const channels = bindIpc({ handle: (ch: string, fn: never) => void bound.set(ch, fn) } as never, t.ctx, (frame) => isTrustedSender(frame as never, APP));
    expect(channels.sort()).toEqual(Object.keys(contract).sort());
    const trusted = { senderFrame: { url: APP, parent: null } };
    const evil = { senderFrame: { url: 'https://evil.example/', parent: null } };
    expect(await bound.get('cases.create')!(evil, { title: 'x' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await bound.get('cases.create')!(trusted, { title: 'From IPC' })).toMatchObject({ ok: true, value: { title: 'From IPC' } });
    expect(await bound.get('cases.create')!(trusted, { title: 42 })).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'title' }] } });
    t.cleanup();
  });
});

describe('the preload bridge', () => {
  it('exposes invoke and on only, and only the progress event', async () => {
    const calls: unknown[] = [];
    const listeners = new Map<string, (e: unknown, p: unknown) => void>();
    const bridge = createBridge({
      invoke: async (ch: string, input: unknown) => calls.push([ch, input]),
      on: (ev: string, fn: never) => listeners.set(ev, fn),
      removeListener: (ev: string) => listeners.delete(ev),
    } as never);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(bridge)).toBe(true);
    await bridge.invoke('cases.list', {});
    expect(calls).toEqual([['cases.list', {}]]);
    expect(() => bridge.on('ipc-internal', () => {})).toThrow(/Unknown event/);
    const seen: unknown[] = [];
    const off = bridge.on('progress', (p) => seen.push(p));
    listeners.get('progress')!({ sender: 'hidden' }, { done: 1 });
    expect(seen).toEqual([{ done: 1 }]);
    off();
    expect(listeners.has('progress')).toBe(false);
  });
});
