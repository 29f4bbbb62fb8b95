import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { contract } from '../../shared/contract/index.ts';
import type { Envelope } from '../../shared/errors.ts';
import { invoke } from '../core/api.ts';
import type { Ctx } from '../core/context.ts';
import { PathGrants, type GrantMode } from './grants.ts';

type Frame = IpcMainInvokeEvent['senderFrame'];

/**
 * Binds every operation of the contract to ipcMain. Each call is answered only for a trusted
 * sender frame; the input is parsed by the contract's schema inside invoke().
 */
export function bindIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  target: Ctx | ((channel: string, input: unknown) => Promise<Envelope<unknown>>),
  isTrusted: (frame: Frame) => boolean,
  grants: PathGrants = new PathGrants(),
): string[] {
  // The desktop app passes its app lock's invoke (crypto/lock.ts); tests may pass a context.
  const call = typeof target === 'function' ? target : (channel: string, input: unknown) => invoke(target, channel, input);
  const channels = Object.keys(contract);
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, input: unknown): Promise<Envelope<unknown>> => {
      if (!isTrusted(event.senderFrame)) {
        return { ok: false, error: { code: 'forbidden', message: 'This request did not come from the Casebook window.' } };
      }
      // Paths come from the renderer only as handles of dialog grants (see grants.ts).
      const resolved = grants.resolve(channel, input);
      if (!resolved.ok) return resolved.error;
      if (channel === 'shell.chooseFiles') {
        const r = await call(channel, input);
        if (!r.ok) return r;
        const mode = (input as { mode: GrantMode }).mode;
        return { ok: true, value: { paths: grants.grant((r.value as { paths: string[] }).paths, mode) } };
      }
      return call(channel, resolved.input);
    });
  }
  return channels;
}
