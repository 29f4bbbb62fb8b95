import type { HandlersFor } from '../handler.ts';
import type { shellContract } from '../../../shared/contract/shell.ts';

export const shellHandlers: HandlersFor<typeof shellContract> = {
  'shell.capabilities': (ctx) => ({ chooseFiles: !!ctx.shell.chooseFiles, printer: ctx.shell.printPdf ? 'app' : 'chromium' }),
  // Without a desktop shell there is no dialog: the answer is "nothing chosen", and the UI offers a typed path instead.
  'shell.chooseFiles': async (ctx, request) => ({ paths: ctx.shell.chooseFiles ? await ctx.shell.chooseFiles(request) : [] }),
};
