import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

type ModuleInfo = { importedIds: readonly string[]; dynamicallyImportedIds: readonly string[] } | null;

function workerChunk(entry: string) {
  let reachable: Set<string> | null = null;
  return (id: string, { getModuleInfo }: { getModuleInfo: (id: string) => ModuleInfo }): string | undefined => {
    if (!reachable) {
      reachable = new Set();
      const stack = [entry];
      while (stack.length) {
        const m = stack.pop()!;
        if (reachable.has(m)) continue;
        reachable.add(m);
        stack.push(...(getModuleInfo(m)?.importedIds ?? []));
      }
    }
    return id !== entry && reachable.has(id) ? 'activity-worker-shared' : undefined;
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: { index: resolve('electron/main/index.ts'), 'activity-worker': resolve('electron/core/activity/worker.ts') },
        // The worker thread starts from a file outside the app's archive (electron-builder.yml
        // unpacks it): everything it loads goes into one chunk of its own, so that only the worker
        // and that chunk are unpacked and the rest of the main bundle stays inside the archive.
        output: { manualChunks: workerChunk(resolve('electron/core/activity/worker.ts')) },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
