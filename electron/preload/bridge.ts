import type { IpcRenderer, IpcRendererEvent } from 'electron';

const EVENTS = new Set(['progress', 'locked']);

/**
 * What the renderer gets on window.casebook: invoke(channel, input) and on(event, listener),
 * nothing else. The renderer never sees ipcRenderer or the event object.
 */
export function createBridge(ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>) {
  return Object.freeze({
    invoke: (channel: string, input: unknown) => {
      if (typeof channel !== 'string') return Promise.reject(new TypeError('channel must be a string'));
      return ipc.invoke(channel, input);
    },
    on: (event: string, listener: (payload: unknown) => void) => {
      if (!EVENTS.has(event)) throw new Error(`Unknown event "${event}".`);
      const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
      ipc.on(event, wrapped);
      return () => {
        ipc.removeListener(event, wrapped);
      };
    },
  });
}
