import { useEffect, useState } from 'react';
import type { ShellCapabilities } from '../../../shared/contract/shell.ts';
import { api } from '../api.ts';

let capabilities: Promise<ShellCapabilities> | null = null;

/** What the shell offers (native dialogs, the app's own printer); asked once per window. */
export function useShellCapabilities(): ShellCapabilities | null {
  const [caps, setCaps] = useState<ShellCapabilities | null>(null);
  useEffect(() => {
    capabilities ??= api('shell.capabilities', {}).catch(() => ({ chooseFiles: false, printer: 'chromium' as const }));
    let live = true;
    void capabilities.then((c) => live && setCaps(c));
    return () => {
      live = false;
    };
  }, []);
  return caps;
}
