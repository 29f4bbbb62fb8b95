import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { contract } from '../../shared/contract/index.ts';
import type { Envelope } from '../../shared/errors.ts';
import { invoke } from '../core/api.ts';
import type { Ctx } from '../core/context.ts';

type Frame = IpcMainInvokeEvent['senderFrame'];

/**
 * Binds every operation of the contract to ipcMain. Each call is answered only for a trusted
 * sender frame; the input is parsed by the contract's schema inside invoke().
 */
export function bindIpc(ipcMain: Pick<IpcMain, 'handle'>, ctx: Ctx, isTrusted: (frame: Frame) => boolean): string[] {
  const channels = Object.keys(contract);
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, input: unknown): Promise<Envelope<unknown>> => {
      if (!isTrusted(event.senderFrame)) {
        return { ok: false, error: { code: 'forbidden', message: 'This request did not come from the Casebook window.' } };
      }
      return invoke(ctx, channel, input);
    });
  }
  return channels;
}
