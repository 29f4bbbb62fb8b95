import { z } from 'zod';
import { op } from './define.ts';

export const FileFilter = z.object({ name: z.string().max(60), extensions: z.array(z.string().regex(/^[a-z0-9*]{1,10}$/i)).max(10) });

/** What the shell around the core can do: the desktop app can show file dialogs and print with its own Chromium. */
export type ShellCapabilities = { chooseFiles: boolean; printer: 'app' | 'chromium' };

export const shellContract = {
  'shell.capabilities': op(z.object({})).reads<ShellCapabilities>(),
  'shell.chooseFiles': op(
    z.object({
      /** 'folder' chooses a folder (evidence export). */
      mode: z.enum(['open', 'save', 'folder']),
      title: z.string().max(120),
      multiple: z.boolean().default(false),
      defaultName: z.string().max(255).optional(),
      filters: z.array(FileFilter).max(10).default([]),
    }),
  ).returns<{ paths: string[] }>(),
};
