import type { Envelope } from '../../shared/errors.ts';
import type { Progress } from '../../shared/contract/index.ts';

/** What the preload (Electron) or the test harness (browser) puts on window: nothing else. */
export type CasebookBridge = {
  invoke: (channel: string, input: unknown) => Promise<Envelope<unknown>>;
  on: {
    (event: 'progress', listener: (payload: Progress) => void): () => void;
    /** The desktop app was locked (menu, shortcut, idle time); the harness never sends it. */
    (event: 'locked', listener: () => void): () => void;
  };
};

declare global {
  interface Window {
    casebook: CasebookBridge;
  }
}
